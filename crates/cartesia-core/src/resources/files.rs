//! `client.files()`: uploaded files; downloads buffered or streamed.

use std::io::Write;

use crate::endpoints::call_audio::AudioDownload;
use crate::endpoints::files::{DeleteFile, DownloadFile, GetFileInfo, ListFiles};
use crate::endpoints::uploads::{FileForm, UploadFile};
use crate::error::Error;
use crate::resources::call_audio::{copy_body, AudioStream};
use crate::resources::resource;

resource! {
    /// Files: upload, list, info, download, delete.
    AsyncFiles, BlockingFiles, files on client {
        /// Uploads a file (`POST /files`); build the form with [`FileForm::bytes`] or
        /// [`FileForm::path`].
        fn upload(form: FileForm) -> UploadFile = UploadFile::new(form);
        /// One page of files (`GET /files`).
        fn list(request: ListFiles) -> ListFiles = request;
        /// Every file, page after page (`GET /files`).
        pages fn list_all(request: ListFiles) -> ListFiles = request;
        /// A file's metadata (`GET /files/{id}/info`).
        fn info(id: &str) -> GetFileInfo = GetFileInfo::new(id);
        /// A file's content, buffered in memory (`GET /files/{id}/download`); see
        /// `download_to` / `download_stream` for large files.
        fn download(id: &str) -> DownloadFile = DownloadFile::new(id);
        /// Deletes a file (`DELETE /files/{id}`; `409` while an agent uses it).
        fn delete(id: &str) -> DeleteFile = DeleteFile::new(id);
    }
}

impl AsyncFiles<'_> {
    /// A file's content as a stream of chunks, once the API has answered 2xx
    /// (`GET /files/{id}/download`).
    pub async fn download_stream(&self, id: &str) -> Result<AudioStream, Error> {
        AudioStream::from_endpoint(self.client, &DownloadFile::new(id)).await
    }
}

impl BlockingFiles<'_> {
    /// Streams a file's content into `writer` without holding it in memory
    /// (`GET /files/{id}/download`). A failure to read is a transport error; a failure to
    /// write is [`Error::Write`].
    pub fn download_to(
        &self,
        id: &str,
        writer: &mut (impl Write + ?Sized),
    ) -> Result<AudioDownload, Error> {
        let response = self.client.execute_streaming(&DownloadFile::new(id))?;
        copy_body(response, writer)
    }
}
