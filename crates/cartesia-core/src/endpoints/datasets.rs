//! Endpoints of the datasets API: [`ListDatasets`], [`CreateDataset`], [`GetDataset`],
//! [`UpdateDataset`], [`DeleteDataset`], and a dataset's files: [`ListDatasetFiles`],
//! [`DeleteDatasetFile`].
//!
//! The collection route has a trailing slash (`/datasets/`), the item routes none
//! (`/datasets/{id}`): the SDK sends exactly what the API routes.

use cartesia_types::datasets::{Dataset, DatasetBody, DatasetFile};
use cartesia_types::Page;

use super::declare::endpoints;

endpoints! {
    #[derive(Debug, Clone, PartialEq, Eq)]

    /// one page of datasets.
    ListDatasets = "datasets_list" GET ["/datasets/"] -> Page<Dataset> {
        cursor [limit starting_after ending_before] "dataset" => Dataset;
    }

    /// creates a dataset (`name` and `description` are both required).
    CreateDataset = "datasets_create" POST ["/datasets/"] -> Dataset {
        json body: DatasetBody;
    }

    /// one dataset.
    GetDataset = "datasets_get" GET ["/datasets/" {id: String}] -> Dataset {}

    /// renames a dataset or changes its description (both fields are required; answer `204`).
    UpdateDataset = "datasets_update" PATCH ["/datasets/" {id: String}] -> () {
        json body: DatasetBody;
        parse empty;
    }

    /// deletes a dataset (answer `204`).
    DeleteDataset = "datasets_delete" DELETE ["/datasets/" {id: String}] -> () {
        parse empty;
    }

    /// one page of a dataset's files.
    ListDatasetFiles = "datasets_listFiles" GET ["/datasets/" {id: String} "/files"] -> Page<DatasetFile> {
        cursor [limit starting_after ending_before] "file" => DatasetFile;
    }

    /// removes a file from a dataset (answer `204`).
    DeleteDatasetFile = "datasets_deleteFile" DELETE
        ["/datasets/" {id: String} "/files/" {file_id: String}] -> () {
        parse empty;
    }
}
