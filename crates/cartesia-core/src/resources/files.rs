//! `client.files()`: the streamed downloads (the other methods come from the declarations in
//! `endpoints::files` and `endpoints::uploads`).

use std::io::Write;

use crate::endpoints::call_audio::AudioDownload;
use crate::endpoints::files::DownloadFile;
use crate::error::Error;
use crate::resources::call_audio::{download_to, streamed_download, AudioStream};
use crate::resources::{AsyncFiles, BlockingFiles};

streamed_download! {
    AsyncFiles, BlockingFiles, id => DownloadFile;
    /// A file's content as a stream of chunks, once the API has answered 2xx
    /// (`GET /files/{id}/download`).
    async fn download_stream;
    /// Streams a file's content into `writer` without holding it in memory
    /// (`GET /files/{id}/download`). A failure to read is a transport error; a failure to
    /// write is [`Error::Write`].
    fn download_to;
}
