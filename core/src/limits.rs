//! Every limit on input from outside the model, stated once. The CLI's
//! bounded reader, the web's file reader, share-link and autosave decoding,
//! the parser and the session all use these constants, and the README's
//! "Limits" section lists them. A limit that is hit is refused with its
//! reason, never a panic and never an unbounded allocation.
//!
//! The kernel has limits of its own (`pid_max`, `MAX_PID_NS_LEVEL`); the
//! ones here are the lab's, and each message that reports one says so.

/// Most bytes the CLI reads from one scenario file or stdin (64 MiB). A
/// longer input (or one that never ends, like `/dev/zero`) is refused once
/// this many bytes have been read, whatever size the file claims.
pub const MAX_FILE_BYTES: usize = 64 << 20;

/// Most bytes of one line of a scenario (64 KiB): the longest useful
/// statement (`expect N sees = ...` over a thousand names) fits; a longer
/// line is refused at its line before it is tokenized.
pub const MAX_LINE_BYTES: usize = 64 << 10;

/// Most bytes of a session document (JSON or `.pns`) the web app reads from
/// a file, a share link (after inflating) or `localStorage` (4 MiB).
pub const MAX_DOC_BYTES: usize = 4 << 20;

/// Most statements a session in the web app holds (20,000): beyond it the
/// browser would slow to a crawl. Reading stops at the first statement past it.
pub const MAX_SESSION_STATEMENTS: usize = 20_000;

/// Most bytes of a cost profile JSON file (64 KiB).
pub const MAX_PROFILE_BYTES: usize = 64 << 10;

/// Most tasks one session may hold (1,000,000): beyond it a fork fails
/// `EAGAIN`, as the kernel's does at `threads-max` or `RLIMIT_NPROC`, so a
/// runaway script cannot exhaust memory.
pub const MAX_TASKS: usize = 1_000_000;

/// Highest price of one unit of work in a cost profile, in nanoseconds (one
/// second). A maximal scenario has fewer than 10^16 units of work (64 MiB of
/// statements, each touching at most [`MAX_TASKS`] tasks at 33 levels), so
/// its total stays below 10^25 ns: always a finite number.
pub const MAX_PRICE_NS: f64 = 1e9;

/// Most characters of an input token quoted back in an error message; a
/// longer one is cut and marked with `…`.
pub const MAX_QUOTED_CHARS: usize = 40;

/// Longest token for which a "did you mean" suggestion is searched: longer
/// than any keyword or name can be, so nothing is lost.
pub const MAX_SUGGEST_CHARS: usize = 32;

/// An input token as an error message shows it: at most
/// [`MAX_QUOTED_CHARS`] characters, control and other unprintable characters
/// escaped, `…` when cut.
pub fn quoted(token: &str) -> String {
    let mut out: String = token
        .chars()
        .take(MAX_QUOTED_CHARS)
        .flat_map(char::escape_debug)
        .collect();
    if token.chars().nth(MAX_QUOTED_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_is_short_and_escaped() {
        assert_eq!(quoted("frok"), "frok");
        assert_eq!(quoted("a\u{0}b\n"), "a\\0b\\n");
        let long = "x".repeat(10_000_000);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(q.ends_with('…'));
    }
}
