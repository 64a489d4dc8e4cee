//! The two uploads of the resource-management families: [`UploadFile`] (`POST /files`) and
//! [`UploadDatasetFile`] (`POST /datasets/{id}/files`), both a multipart form of a `file` and
//! its `purpose`, built once with [`crate::multipart`] (a retry resends identical bytes).
//!
//! They implement [`Endpoint`] by hand: the declaration form gains its `multipart` clause with
//! the speech operations; their catalog entries are [`OPERATIONS`] all the same.

use std::borrow::Cow;
use std::path::Path;

use bytes::Bytes;
use cartesia_types::files::{File, FilePurpose};
use http::Method;

use super::OperationInfo;
use crate::endpoint::{decode_empty, decode_json, Endpoint, RequestBody, UrlWriter};
use crate::error::{Error, InvalidRequest};
use crate::multipart::{Multipart, MultipartBody};
use crate::transport::HttpResponse;

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

    fn request_body(&self) -> RequestBody {
        RequestBody {
            content_type: Cow::Owned(self.form.content_type().to_owned()),
            bytes: self.form.bytes().clone(),
        }
    }
}

/// `POST /files`: uploads a file for a purpose (answer `201` with the [`File`]; `413` when it
/// is too large).
///
/// Operation `files_upload`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UploadFile {
    /// The form.
    pub form: FileForm,
}

impl UploadFile {
    /// This operation's catalog entry.
    pub const OPERATION: OperationInfo = OperationInfo {
        method: "POST",
        path: "/files",
        operation_id: "files_upload",
        endpoint: "UploadFile",
    };

    /// The request.
    pub fn new(form: FileForm) -> Self {
        Self { form }
    }
}

impl Endpoint for UploadFile {
    type Output = File;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path_template(&self) -> &'static str {
        Self::OPERATION.path
    }
    fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
        url.push_literal("/files");
        Ok(())
    }
    fn body(&self) -> Result<Option<RequestBody>, Error> {
        Ok(Some(self.form.request_body()))
    }
    fn parse(&self, response: HttpResponse) -> Result<File, Error> {
        decode_json(&response)
    }
}

/// `POST /datasets/{id}/files`: adds a file to a dataset (answer `204`).
///
/// Operation `datasets_uploadFile`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UploadDatasetFile {
    /// The `id` path parameter (sent as one segment).
    pub id: String,
    /// The form.
    pub form: FileForm,
}

impl UploadDatasetFile {
    /// This operation's catalog entry.
    pub const OPERATION: OperationInfo = OperationInfo {
        method: "POST",
        path: "/datasets/{id}/files",
        operation_id: "datasets_uploadFile",
        endpoint: "UploadDatasetFile",
    };

    /// The request.
    pub fn new(id: impl Into<String>, form: FileForm) -> Self {
        Self {
            id: id.into(),
            form,
        }
    }
}

impl Endpoint for UploadDatasetFile {
    type Output = ();
    fn method(&self) -> Method {
        Method::POST
    }
    fn path_template(&self) -> &'static str {
        Self::OPERATION.path
    }
    fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
        url.push_literal("/datasets/");
        url.push_segment("id", &self.id)?;
        url.push_literal("/files");
        Ok(())
    }
    fn body(&self) -> Result<Option<RequestBody>, Error> {
        Ok(Some(self.form.request_body()))
    }
    fn parse(&self, response: HttpResponse) -> Result<(), Error> {
        decode_empty(&response)
    }
}

/// The catalog entries of the uploads.
pub const OPERATIONS: &[OperationInfo] = &[UploadFile::OPERATION, UploadDatasetFile::OPERATION];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dataset_id_is_one_segment() {
        super::super::declare::check_hostile_path(UploadDatasetFile::OPERATION.path, |url, v| {
            url.push_literal("/datasets/");
            url.push_segment("id", v)?;
            url.push_literal("/files");
            Ok(())
        });
        let form =
            FileForm::bytes(FilePurpose::FineTune, "a.wav", "audio/wav", &b"RIFF"[..]).unwrap();
        let body = UploadDatasetFile::new("", form).write_path(&mut UrlWriter::new("http://h", 8));
        assert!(matches!(body, Err(Error::InvalidRequest(_))));
    }

    #[test]
    fn the_form_has_purpose_then_file() {
        let form = FileForm::bytes(
            FilePurpose::VoiceClone,
            "clip.wav",
            "audio/wav",
            &b"RIFF"[..],
        )
        .unwrap();
        let body = UploadFile::new(form).body().unwrap().unwrap();
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
