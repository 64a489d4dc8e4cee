//! Test helpers.

pub mod ws_server;
