//! `client.datasets()`: datasets and their files.

use cartesia_types::datasets::DatasetBody;

use crate::endpoints::datasets::{
    CreateDataset, DeleteDataset, DeleteDatasetFile, GetDataset, ListDatasetFiles, ListDatasets,
    UpdateDataset,
};
use crate::endpoints::uploads::{FileForm, UploadDatasetFile};
use crate::resources::resource;

resource! {
    /// Datasets (collections of files for fine-tuning): list, create, get, update, delete, and
    /// their files.
    AsyncDatasets, BlockingDatasets, datasets on client {
        /// One page of datasets (`GET /datasets/`).
        fn list(request: ListDatasets) -> ListDatasets = request;
        /// Every dataset, page after page (`GET /datasets/`).
        pages fn list_all(request: ListDatasets) -> ListDatasets = request;
        /// Creates a dataset (`POST /datasets/`).
        fn create(body: DatasetBody) -> CreateDataset = CreateDataset::new(body);
        /// One dataset (`GET /datasets/{id}`).
        fn get(id: &str) -> GetDataset = GetDataset::new(id);
        /// Sets a dataset's name and description (`PATCH /datasets/{id}`; both are required).
        fn update(id: &str, body: DatasetBody) -> UpdateDataset = UpdateDataset::new(id, body);
        /// Deletes a dataset (`DELETE /datasets/{id}`).
        fn delete(id: &str) -> DeleteDataset = DeleteDataset::new(id);
        /// One page of a dataset's files (`GET /datasets/{id}/files`).
        fn list_files(request: ListDatasetFiles) -> ListDatasetFiles = request;
        /// Every file of a dataset, page after page (`GET /datasets/{id}/files`).
        pages fn list_files_all(request: ListDatasetFiles) -> ListDatasetFiles = request;
        /// Adds a file to a dataset (`POST /datasets/{id}/files`; a [`FileForm`], purpose
        /// usually `fine_tune`).
        fn upload_file(id: &str, form: FileForm) -> UploadDatasetFile = UploadDatasetFile::new(id, form);
        /// Removes a file from a dataset (`DELETE /datasets/{id}/files/{file_id}`).
        fn delete_file(id: &str, file_id: &str) -> DeleteDatasetFile = DeleteDatasetFile::new(id, file_id);
    }
}
