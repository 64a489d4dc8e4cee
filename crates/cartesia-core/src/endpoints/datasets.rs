//! Endpoints of the datasets API: [`ListDatasets`], [`CreateDataset`], [`GetDataset`],
//! [`UpdateDataset`], [`DeleteDataset`], and a dataset's files: [`ListDatasetFiles`],
//! [`DeleteDatasetFile`].
//!
//! The collection route has a trailing slash (`/datasets/`), the item routes none
//! (`/datasets/{id}`): the SDK sends exactly what the API routes.

use cartesia_types::datasets::{Dataset, DatasetBody, DatasetFile};
use cartesia_types::Page;

use super::declare::endpoints;
use crate::resources::{AsyncDatasets, BlockingDatasets};

endpoints! {
    impl AsyncDatasets, BlockingDatasets {
        /// one page of datasets.
        ListDatasets = "datasets_list" GET ["/datasets/"] -> Page<Dataset> => request list, pages list_all {
            cursor [limit starting_after ending_before] "dataset" => Dataset;
        }

        /// creates a dataset (`name` and `description` are both required).
        CreateDataset = "datasets_create" POST ["/datasets/"] -> Dataset => method create {
            json body: DatasetBody;
        }

        /// one dataset.
        GetDataset = "datasets_get" GET ["/datasets/" {id: String}] -> Dataset => method get;

        /// renames a dataset or changes its description (both fields are required; answer `204`).
        UpdateDataset = "datasets_update" PATCH ["/datasets/" {id: String}] -> () => method update {
            json body: DatasetBody;
            parse empty;
        }

        /// deletes a dataset (answer `204`).
        DeleteDataset = "datasets_delete" DELETE ["/datasets/" {id: String}] -> () => method delete {
            parse empty;
        }

        /// one page of a dataset's files.
        ListDatasetFiles = "datasets_listFiles" GET ["/datasets/" {id: String} "/files"] -> Page<DatasetFile>
            => request list_files, pages list_files_all {
            cursor [limit starting_after ending_before] "file" => DatasetFile;
        }

        /// removes a file from a dataset (answer `204`).
        DeleteDatasetFile = "datasets_deleteFile" DELETE
            ["/datasets/" {id: String} "/files/" {file_id: String}] -> () => method delete_file {
            parse empty;
        }
    }
}

#[cfg(test)]
mod tests {
    use cartesia_types::datasets::DatasetBody;

    use super::*;
    use crate::endpoints::steps::{empty, json, page, resource_steps, with_ids};

    const DATASET: &str = r#"{"id":"ds_1","name":"Narration","created_at":"2026-03-01 10:00:00","description":"studio takes"}"#;
    const FILE: &str =
        r#"{"id":"dsf_1","filename":"take 1.wav","created_at":"2026-03-01","size":4096}"#;

    /// A page of datasets with these ids.
    fn datasets(ids: &[&str], more: bool) -> String {
        page(with_ids(DATASET, "ds_1", ids), more)
    }

    resource_steps! {
        |client| {
            let datasets = client.datasets();
        }
        pages datasets.list, list_all(ListDatasets::new().limit(2)) of datasets ["a", "b"] ["c"]
            sends ["/datasets/?limit=2", "/datasets/?limit=2&starting_after=b"];
        run datasets.create(DatasetBody::new("Narration", "studio takes"));
            replies [json(200, DATASET)]
            sends [("POST", "/datasets/", r#"{"name":"Narration","description":"studio takes"}"#)]
            => |created| assert_eq!(created.unwrap().description, "studio takes");
        run datasets.get("ds/1");
            replies [json(200, DATASET)]
            sends [("GET", "/datasets/ds%2F1", "")]
            => |got| assert_eq!(got.unwrap().name, "Narration");
        run datasets.update("ds_1", DatasetBody::new("Renamed", ""));
            replies [empty(204)]
            sends [("PATCH", "/datasets/ds_1", r#"{"name":"Renamed","description":""}"#)]
            => |updated| updated.unwrap();
        run datasets.delete("ds_1");
            replies [empty(204)]
            sends [("DELETE", "/datasets/ds_1", "")]
            => |deleted| deleted.unwrap();
        run datasets.list_files(ListDatasetFiles::new("ds_1").limit(1));
            replies [json(200, &page([FILE], false))]
            sends [("GET", "/datasets/ds_1/files?limit=1", "")]
            => |files| assert_eq!(files.unwrap().data[0].size, 4096);
        all datasets.list_files_all(ListDatasetFiles::new("ds 1"));
            replies [json(200, &page([FILE], false))]
            sends [("GET", "/datasets/ds%201/files", "")]
            => |all| assert_eq!(all.unwrap()[0].filename, "take 1.wav");
        run datasets.delete_file("ds_1", "dsf 1");
            replies [empty(204)]
            sends [("DELETE", "/datasets/ds_1/files/dsf%201", "")]
            => |deleted| deleted.unwrap();
    }
}
