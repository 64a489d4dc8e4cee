//! The two uploads of the resource-management families: [`UploadFile`] (`POST /files`) and
//! [`UploadDatasetFile`] (`POST /datasets/{id}/files`), both a multipart form of a `file` and
//! its `purpose`, built once with [`crate::multipart`] (a retry resends identical bytes).
//!
//! Both are declarations (`multipart form: FileForm;`): the form is built and checked before
//! the call, and every attempt sends its bytes.

use std::path::Path;

use bytes::Bytes;
use cartesia_types::files::{File, FilePurpose};

use super::declare::endpoints;
use crate::error::{Error, InvalidRequest};
use crate::multipart::{Multipart, MultipartBody};
use crate::resources::{AsyncDatasets, AsyncFiles, BlockingDatasets, BlockingFiles};

/// A `file` and its `purpose`, as a multipart form built once (in memory).
#[derive(Debug, Clone)]
pub struct FileForm {
    form: MultipartBody,
}

impl FileForm {
    /// `data`, sent as `filename` with `content_type` (e.g. `audio/wav`).
    pub fn bytes(
        purpose: FilePurpose,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Result<Self, Error> {
        Self::build(purpose, |m| m.bytes("file", filename, content_type, data))
    }

    /// The file at `path` (read now, once; its name is the part's filename).
    pub fn path(
        purpose: FilePurpose,
        path: impl AsRef<Path>,
        content_type: impl Into<String>,
    ) -> Result<Self, Error> {
        Self::build(purpose, |m| m.file("file", path, content_type))
    }

    fn build(
        purpose: FilePurpose,
        file: impl FnOnce(Multipart) -> Multipart,
    ) -> Result<Self, Error> {
        let form = file(Multipart::new().text("purpose", purpose.as_str()))
            .build()
            .map_err(|e| InvalidRequest::new("file", e.to_string()))?;
        Ok(Self { form })
    }

    /// The body as sent: `multipart/form-data` with its boundary.
    pub fn body(&self) -> &MultipartBody {
        &self.form
    }
}

impl AsRef<MultipartBody> for FileForm {
    fn as_ref(&self) -> &MultipartBody {
        &self.form
    }
}

endpoints! {
    #[derive(Debug, Clone)]

    impl AsyncFiles, BlockingFiles {
        /// uploads a file for a purpose (answer `201` with the [`File`]; `413` when it is too
        /// large). Build the form with [`FileForm::bytes`] or [`FileForm::path`].
        UploadFile = "files_upload" POST ["/files"] -> File => method upload {
            multipart form: FileForm;
        }
    }

    impl AsyncDatasets, BlockingDatasets {
        /// adds a file to a dataset (answer `204`): a [`FileForm`], its purpose usually `fine_tune`.
        UploadDatasetFile = "datasets_uploadFile" POST ["/datasets/" {id: String} "/files"] -> ()
            => method upload_file {
            multipart form: FileForm;
            parse empty;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Endpoint, UrlWriter};

    /// A form of a small WAV file named `name`.
    fn wav(purpose: FilePurpose, name: &str) -> FileForm {
        FileForm::bytes(purpose, name, "audio/wav", &b"RIFF"[..]).unwrap()
    }

    #[test]
    fn an_empty_dataset_id_is_refused_before_any_io() {
        // (The hostile-value test of the path is generated with the declaration.)
        let form = wav(FilePurpose::FineTune, "a.wav");
        let body = UploadDatasetFile::new("", form).write_path(&mut UrlWriter::new("http://h", 8));
        assert!(matches!(body, Err(Error::InvalidRequest(_))));
        assert_eq!(UploadDatasetFile::OPERATION.path, "/datasets/{id}/files");
    }

    #[test]
    fn the_form_has_purpose_then_file() {
        let body = UploadFile::new(wav(FilePurpose::VoiceClone, "clip.wav"))
            .body()
            .unwrap()
            .unwrap();
        assert!(body
            .content_type
            .starts_with("multipart/form-data; boundary="));
        let text = String::from_utf8_lossy(&body.bytes);
        let purpose = text
            .find("name=\"purpose\"\r\n\r\nvoice-clone\r\n")
            .expect("purpose");
        let file = text
            .find("name=\"file\"; filename=\"clip.wav\"")
            .expect("file");
        assert!(purpose < file, "{text}");
        let bad = FileForm::bytes(FilePurpose::FineTune, "a.wav", "not a type", &b""[..]);
        assert!(matches!(bad, Err(Error::InvalidRequest(_))));
    }
}
