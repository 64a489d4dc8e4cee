//! `client.files()`: the streamed downloads (the other methods come from the declarations in
//! `endpoints::files` and `endpoints::uploads`).

use std::io::Write;

use crate::endpoints::call_audio::AudioDownload;
use crate::endpoints::files::DownloadFile;
use crate::error::Error;
use crate::resources::call_audio::{download_to, AudioStream};
use crate::resources::{AsyncFiles, BlockingFiles};

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
        download_to(self.client, &DownloadFile::new(id), writer)
    }
}
