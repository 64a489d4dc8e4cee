//! Endpoints of the files API: [`ListFiles`], [`GetFileInfo`], [`DownloadFile`],
//! [`DeleteFile`].
//!
//! [`DownloadFile`] buffers with `execute`; the resource methods `download_to` (blocking) and
//! `download_stream` (async) stream it like call audio, never holding the file in memory.

use cartesia_types::files::{File, FileDeleted, FilePurpose};
use cartesia_types::Page;

use super::call_audio::CallAudio;
use super::declare::endpoints;
use crate::resources::{AsyncFiles, BlockingFiles};

endpoints! {
    impl AsyncFiles, BlockingFiles {
        /// one page of the uploaded files, optionally of one purpose or matching a search.
        ListFiles = "files_list" GET ["/files"] -> Page<File> => request list, pages list_all {
            query {
                /// Only files of this purpose.
                purpose: opt FilePurpose,
                /// Only files whose name matches this search.
                q: str,
            }
            cursor [limit starting_after ending_before] "file" => File;
        }

        /// a file's metadata.
        GetFileInfo = "files_get" GET ["/files/" {id: String} "/info"] -> File => method info;

        /// a file's content (`application/octet-stream`), buffered in memory; for large files the
        /// resource methods `download_to` / `download_stream` stream it.
        DownloadFile = "files_download" GET ["/files/" {id: String} "/download"] -> FileContent => method download {
            parse with CallAudio::from_response;
            accept = "application/octet-stream, */*;q=0.5";
        }

        /// deletes a file (answer `{"message": ...}`; `409` while an agent uses it as its
        /// background sound).
        DeleteFile = "files_delete" DELETE ["/files/" {id: String}] -> FileDeleted => method delete;
    }
}

/// A downloaded file, buffered: its `Content-Type` and bytes (the same shape as a call
/// recording).
pub type FileContent = CallAudio;
