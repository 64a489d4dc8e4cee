//! `cargo xtask spec-check`: compares the operations the SDK implements
//! (`cartesia_core::endpoints::catalog()`) with the OpenAPI document in
//! `../shared/spec/cartesia-openapi.yaml`.
//!
//! Prints `coverage: X/Y operations`, coverage per family and the missing operations by family;
//! fails when an implemented operation (method + path, and its operationId) is not in the
//! document. Skips, successfully, when the document is not there.

use std::collections::BTreeMap;
use std::path::Path;

/// One operation of the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecOperation {
    /// Upper-case method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// `operationId`, if any.
    pub operation_id: Option<String>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// Reads the operations under `paths:` of an OpenAPI YAML document. A small line-based reader:
/// path keys are indented by 2 spaces, methods by 4, `operationId` by 6.
pub fn parse_operations(yaml: &str) -> Vec<SpecOperation> {
    let mut out = Vec::new();
    let mut in_paths = false;
    let mut path: Option<String> = None;
    for line in yaml.lines() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        let indent = trimmed.len() - trimmed.trim_start().len();
        let text = trimmed.trim_start();
        if indent == 0 {
            in_paths = text == "paths:";
            path = None;
            continue;
        }
        if !in_paths {
            continue;
        }
        if indent == 2 && text.ends_with(':') {
            let key = text
                .trim_end_matches(':')
                .trim_matches(|c| c == '\'' || c == '"');
            path = key.starts_with('/').then(|| key.to_owned());
        } else if indent == 4 && text.ends_with(':') {
            let key = text.trim_end_matches(':');
            if let (Some(p), true) = (&path, METHODS.contains(&key)) {
                out.push(SpecOperation {
                    method: key.to_ascii_uppercase(),
                    path: p.clone(),
                    operation_id: None,
                });
            }
        } else if indent == 6 {
            if let Some(id) = text.strip_prefix("operationId:") {
                if let Some(last) = out.last_mut() {
                    if last.operation_id.is_none() {
                        last.operation_id =
                            Some(id.trim().trim_matches(|c| c == '\'' || c == '"').to_owned());
                    }
                }
            }
        }
    }
    out
}

/// Whether two path templates are the same route: equal but for the names of their path
/// parameters, which never reach the wire (`{fileID}` in the document, `{file_id}` in Rust).
pub fn same_route(a: &str, b: &str) -> bool {
    let shape = |t: &str| -> Vec<String> {
        t.split('/')
            .map(|s| {
                if s.starts_with('{') {
                    "{}".to_owned()
                } else {
                    s.to_owned()
                }
            })
            .collect()
    };
    shape(a) == shape(b)
}

/// The family of a path: `agents` for everything under `/agents`, else its first segment.
pub fn family(path: &str) -> &str {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if first.is_empty() {
        "status"
    } else {
        first
    }
}

/// Runs the check. `Ok(true)`: passed or skipped; `Ok(false)`: a mismatch.
pub fn run(root: &Path) -> bool {
    let spec_path = root.join("../shared/spec/cartesia-openapi.yaml");
    let yaml = match std::fs::read_to_string(&spec_path) {
        Ok(y) => y,
        Err(_) => {
            println!(
                "spec-check: skipped: {} is not there (it lives beside the repository)",
                spec_path.display()
            );
            return true;
        }
    };
    let spec = parse_operations(&yaml);
    let implemented = cartesia_core::endpoints::catalog();
    let mut ok = true;

    for op in &implemented {
        match spec
            .iter()
            .find(|s| s.method == op.method && same_route(&s.path, op.path))
        {
            None => {
                ok = false;
                println!(
                    "spec-check: ERROR: {} {} ({}) is implemented but not in the document",
                    op.method, op.path, op.endpoint
                );
            }
            Some(s) if s.operation_id.as_deref() != Some(op.operation_id) => {
                ok = false;
                println!(
                    "spec-check: ERROR: {} {}: operationId {:?} in the SDK, {:?} in the document",
                    op.method, op.path, op.operation_id, s.operation_id
                );
            }
            Some(_) => {}
        }
    }

    let is_done = |s: &SpecOperation| {
        implemented
            .iter()
            .any(|o| o.method == s.method && same_route(o.path, &s.path))
    };
    let done = spec.iter().filter(|s| is_done(s)).count();
    println!("coverage: {done}/{} operations", spec.len());
    let mut by_family: BTreeMap<&str, (usize, Vec<&SpecOperation>)> = BTreeMap::new();
    for s in &spec {
        let entry = by_family.entry(family(&s.path)).or_default();
        if is_done(s) {
            entry.0 += 1;
        } else {
            entry.1.push(s);
        }
    }
    for (fam, (n, missing)) in &by_family {
        println!("  {fam}: {n}/{} implemented", n + missing.len());
    }
    let missing: Vec<_> = by_family
        .iter()
        .filter(|(_, (_, m))| !m.is_empty())
        .collect();
    if !missing.is_empty() {
        println!("missing, by family:");
        for (fam, (_, ops)) in missing {
            let list: Vec<String> = ops
                .iter()
                .map(|s| format!("{} {}", s.method, s.path))
                .collect();
            println!("  {fam} ({}): {}", ops.len(), list.join(", "));
        }
    }
    if !ok {
        println!("spec-check: FAILED (see the errors above)");
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "openapi: 3.0.1
info:
  title: x
paths:
  /agents/{agent_id}/phone-numbers:
    get:
      tags: [Agents]
      operationId: agents_phone-numbers
      parameters:
        - name: agent_id
  '/datasets/':
    get:
      operationId: datasets_list
    post:
      operationId: \"datasets_create\"
    parameters: []
components:
  schemas:
    X:
      get:
        operationId: not_an_operation
";

    #[test]
    fn parameter_names_do_not_matter_but_slashes_do() {
        assert!(same_route(
            "/datasets/{id}/files/{fileID}",
            "/datasets/{id}/files/{file_id}"
        ));
        assert!(!same_route("/datasets/", "/datasets"));
        assert!(!same_route("/datasets/{id}", "/datasets/files"));
    }

    #[test]
    fn reads_methods_paths_and_ids() {
        let ops = parse_operations(DOC);
        assert_eq!(ops.len(), 3, "{ops:?}");
        assert_eq!(ops[0].method, "GET");
        assert_eq!(ops[0].path, "/agents/{agent_id}/phone-numbers");
        assert_eq!(ops[0].operation_id.as_deref(), Some("agents_phone-numbers"));
        assert_eq!(ops[1].path, "/datasets/");
        assert_eq!(ops[2].method, "POST");
        assert_eq!(ops[2].operation_id.as_deref(), Some("datasets_create"));
    }

    #[test]
    fn families() {
        assert_eq!(family("/agents/calls/{call_id}"), "agents");
        assert_eq!(family("/tts/bytes"), "tts");
        assert_eq!(family("/"), "status");
    }

    #[test]
    fn every_implemented_operation_is_in_the_shared_spec_when_present() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        // Skips (returns true) when ../shared is absent.
        assert!(run(&root));
    }
}
