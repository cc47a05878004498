//! The one bounded reader for every file the CLI reads (scenarios, stdin as
//! `-`, cost profiles). It reads at most the stated limit plus one byte,
//! whatever size the file claims, so `/dev/zero`, a FIFO or a 1 GB file is
//! refused with a short reason after reading no more than the limit. The
//! limits themselves are `pidns_core::limits`.

use std::io::Read;
use std::path::Path;

/// Whether `path` names standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads `path` (or stdin for `-`), at most `max` bytes; `what` names the
/// input in the error ("scenario", "profile").
pub fn read_bounded(path: &Path, what: &str, max: usize) -> Result<Vec<u8>, String> {
    let name = path.display();
    let cannot = |e: std::io::Error| format!("{name}: cannot read the {what}: {e}");
    let source: Box<dyn Read> = if is_stdin(path) {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(path).map_err(cannot)?;
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(format!("{name}: is a directory, not a {what} file"));
        }
        Box::new(f)
    };
    let mut bytes = Vec::new();
    source.take(max as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > max {
        return Err(format!(
            "{name}: more than {max} bytes; a {what} is at most {} (the lab's limit), so it is refused",
            human(max)
        ));
    }
    Ok(bytes)
}

/// `64 MiB`, `64 KiB`, or bytes.
fn human(n: usize) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}
