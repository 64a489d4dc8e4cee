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
    #[derive(Debug, Clone, PartialEq, Eq)]

    /// one page of datasets.
    ListDatasets = "datasets_list" GET ["/datasets/"] -> Page<Dataset> {
        cursor [limit starting_after ending_before] "dataset" => Dataset;
        /// One page of datasets
        request list for AsyncDatasets, BlockingDatasets;
        /// Every dataset, page after page
        pages list_all for AsyncDatasets, BlockingDatasets;
    }

    /// creates a dataset (`name` and `description` are both required).
    CreateDataset = "datasets_create" POST ["/datasets/"] -> Dataset {
        json body: DatasetBody;
        /// Creates a dataset
        method create for AsyncDatasets, BlockingDatasets;
    }

    /// one dataset.
    GetDataset = "datasets_get" GET ["/datasets/" {id: String}] -> Dataset {
        /// One dataset
        method get for AsyncDatasets, BlockingDatasets;
    }

    /// renames a dataset or changes its description (both fields are required; answer `204`).
    UpdateDataset = "datasets_update" PATCH ["/datasets/" {id: String}] -> () {
        json body: DatasetBody;
        parse empty;
        /// Sets a dataset's name and description
        /// Both are required.
        method update for AsyncDatasets, BlockingDatasets;
    }

    /// deletes a dataset (answer `204`).
    DeleteDataset = "datasets_delete" DELETE ["/datasets/" {id: String}] -> () {
        parse empty;
        /// Deletes a dataset
        method delete for AsyncDatasets, BlockingDatasets;
    }

    /// one page of a dataset's files.
    ListDatasetFiles = "datasets_listFiles" GET ["/datasets/" {id: String} "/files"] -> Page<DatasetFile> {
        cursor [limit starting_after ending_before] "file" => DatasetFile;
        /// One page of a dataset's files
        request list_files for AsyncDatasets, BlockingDatasets;
        /// Every file of a dataset, page after page
        pages list_files_all for AsyncDatasets, BlockingDatasets;
    }

    /// removes a file from a dataset (answer `204`).
    DeleteDatasetFile = "datasets_deleteFile" DELETE
        ["/datasets/" {id: String} "/files/" {file_id: String}] -> () {
        parse empty;
        /// Removes a file from a dataset
        method delete_file for AsyncDatasets, BlockingDatasets;
    }
}
