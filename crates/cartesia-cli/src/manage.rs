//! `files`, `datasets` and `usage`: the resource-management commands.

use std::io::Write;
use std::path::PathBuf;

use cartesia_core::endpoints::datasets::ListDatasets;
use cartesia_core::endpoints::files::{DownloadFile, ListFiles};
use cartesia_core::endpoints::uploads::{FileForm, UploadFile};
use cartesia_core::endpoints::usage::GetUsageCredits;
use cartesia_core::types::datasets::Dataset;
use cartesia_core::types::files::{File, FilePurpose};
use cartesia_core::types::usage::{UsageCreditsData, UsageCreditsGroupBy, UsageInterval};
use cartesia_core::types::Timestamp;
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::api::Api;
use crate::args::PageArgs;
use crate::commands::{list_pages, or_dash, Run};
use crate::output::{Column, Field, Printer};
use crate::report::Failure;

/// `files ...`
#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// List uploaded files: one page, or every page with --all.
    List {
        /// Only files of this purpose (agent_background_sound, fine_tune, tts_generation,
        /// voice-clone).
        #[arg(long, value_name = "PURPOSE")]
        purpose: Option<FilePurpose>,
        /// Only files whose name matches this search.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Upload a file for a purpose; prints the file.
    Upload {
        /// The file to upload.
        path: PathBuf,
        /// What it is for (agent_background_sound, fine_tune, tts_generation, voice-clone).
        #[arg(long, value_name = "PURPOSE")]
        purpose: FilePurpose,
        /// Its content type.
        #[arg(long, value_name = "TYPE", default_value = "application/octet-stream")]
        content_type: String,
    },
    /// Download a file's content into OUTPUT (`-` for stdout).
    Download {
        /// The file id.
        id: String,
        /// Where to write it.
        output: PathBuf,
    },
}

/// `datasets ...`
#[derive(Debug, Subcommand)]
pub enum DatasetsCommand {
    /// List datasets: one page, or every page with --all.
    List(PageArgs),
}

/// `usage ...` (needs an admin key, `sk_car_admin_...`)
#[derive(Debug, Subcommand)]
pub enum UsageCommand {
    /// Credits used, in time buckets (needs an admin key).
    Credits(CreditsArgs),
}

/// `usage credits` options.
#[derive(Debug, Args)]
pub struct CreditsArgs {
    /// The start of the range (RFC 3339, e.g. 2026-03-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub start: Option<Timestamp>,
    /// The end of the range (RFC 3339; at most a year after the start).
    #[arg(long, value_name = "TIME")]
    pub end: Option<Timestamp>,
    /// The bucket size: day, week or month.
    #[arg(long, value_name = "INTERVAL")]
    pub interval: Option<UsageInterval>,
    /// Break the credits down by capability, model, voice or api_key.
    #[arg(long, value_name = "DIMENSION")]
    pub group_by: Option<UsageCreditsGroupBy>,
}

/// Runs a `files` command.
impl Run for FilesCommand {
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
        match self {
            FilesCommand::List {
                purpose,
                search,
                page,
            } => {
                let mut request = ListFiles::new();
                request.purpose = purpose;
                request.q = search;
                request.limit = page.limit;
                list_pages(api, request, page, out, FILE_COLUMNS, "files")
            }
            FilesCommand::Upload {
                path,
                purpose,
                content_type,
            } => {
                let form = FileForm::path(purpose, &path, content_type)?;
                let file = api.execute(&UploadFile::new(form))?;
                out.record(&file, FILE_FIELDS)?;
                Ok(())
            }
            FilesCommand::Download { id, output } => {
                let content = api.execute(&DownloadFile::new(id))?;
                if output.as_os_str() == "-" {
                    let mut stdout = std::io::stdout().lock();
                    stdout.write_all(&content.bytes)?;
                    stdout.flush()?;
                } else {
                    std::fs::write(&output, &content.bytes).map_err(|e| {
                        Failure::Other(format!("could not write {}: {e}", output.display()))
                    })?;
                    crate::output::note(&format!(
                        "wrote {} bytes to {}",
                        content.bytes.len(),
                        output.display()
                    ));
                }
                Ok(())
            }
        }
    }
}

/// Runs a `datasets` command.
impl Run for DatasetsCommand {
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
        let DatasetsCommand::List(page) = self;
        let mut request = ListDatasets::new();
        request.limit = page.limit;
        list_pages(api, request, page, out, DATASET_COLUMNS, "datasets")
    }
}

/// One row of `usage credits`: a bucket, with its series when grouped.
#[derive(Debug, Serialize)]
struct CreditsRow {
    series: Option<String>,
    start: Timestamp,
    end: Timestamp,
    credits: i64,
}

/// Runs a `usage` command.
impl Run for UsageCommand {
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
        let UsageCommand::Credits(args) = self;
        let mut request = GetUsageCredits::new();
        request.start_ts = args.start;
        request.end_ts = args.end;
        request.interval = args.interval;
        request.group_by = args.group_by;
        let answer = api.execute(&request)?;
        let row = |series: Option<&str>, b: &cartesia_core::types::usage::UsageCreditsBucket| {
            CreditsRow {
                series: series.map(str::to_owned),
                start: b.start_ts,
                end: b.end_ts,
                credits: b.credits,
            }
        };
        let rows: Vec<CreditsRow> = match &answer.data {
            UsageCreditsData::Buckets(buckets) => buckets.iter().map(|b| row(None, b)).collect(),
            UsageCreditsData::Series(series) => series
                .iter()
                .flat_map(|s| s.buckets.iter().map(move |b| (s, b)))
                .map(|(s, b)| row(Some(s.label.as_deref().unwrap_or(&s.id)), b))
                .collect(),
            _ => Vec::new(),
        };
        out.list(&rows, CREDITS_COLUMNS, "usage buckets")?;
        Ok(())
    }
}

const FILE_COLUMNS: &[Column<File>] = &[
    Column::new("ID", |f| f.id.clone()),
    Column::new("NAME", |f| f.filename.clone()),
    Column::new("PURPOSE", |f| f.purpose.to_string()),
    Column::new("SIZE", |f| f.size.to_string()),
    Column::new("CREATED", |f| f.created_at.to_string()),
];

const FILE_FIELDS: &[Field<File>] = &[
    Field::new("id", |f| f.id.clone()),
    Field::new("filename", |f| f.filename.clone()),
    Field::new("purpose", |f| f.purpose.to_string()),
    Field::new("size", |f| f.size.to_string()),
    Field::new("status", |f| or_dash(Some(&f.status))),
    Field::new("created", |f| f.created_at.to_string()),
];

const DATASET_COLUMNS: &[Column<Dataset>] = &[
    Column::new("ID", |d| d.id.clone()),
    Column::new("NAME", |d| d.name.clone()),
    Column::new("DESCRIPTION", |d| or_dash(Some(&d.description))),
    Column::new("CREATED", |d| or_dash(Some(&d.created_at))),
];

const CREDITS_COLUMNS: &[Column<CreditsRow>] = &[
    Column::new("SERIES", |r| or_dash(r.series.as_deref())),
    Column::new("START", |r| r.start.to_string()),
    Column::new("END", |r| r.end.to_string()),
    Column::new("CREDITS", |r| r.credits.to_string()),
];
