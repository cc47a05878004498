//! Standard output and error for every command, written so that a closed
//! pipe is not a crash: `pidns run --json FILE | head -c 10` ends quietly
//! with exit status 0 when `head` stops reading, as other command-line tools
//! do. Output is buffered (a streamed run writes millions of lines) and
//! flushed by [`flush`] before the command ends.

use std::cell::RefCell;
use std::io::{self, BufWriter, Write};

thread_local! {
    static OUT: RefCell<BufWriter<io::Stdout>> = RefCell::new(BufWriter::with_capacity(64 << 10, io::stdout()));
}

/// Ends the command after a write to stdout failed: quietly with status 0
/// when the reader went away (`EPIPE`), else with the reason and status 2.
fn gone(e: &io::Error) -> ! {
    if e.kind() != io::ErrorKind::BrokenPipe {
        let _ = writeln!(io::stderr(), "pidns: cannot write the output: {e}");
        std::process::exit(2);
    }
    std::process::exit(0)
}

/// Writes to stdout (what the `out!` and `outln!` macros call).
pub fn write_out(args: std::fmt::Arguments<'_>) {
    OUT.with(|o| {
        if let Err(e) = o.borrow_mut().write_fmt(args) {
            gone(&e);
        }
    });
}

/// Writes to stderr, after what stdout holds; an error writing it is ignored.
pub fn write_err(args: std::fmt::Arguments<'_>) {
    flush();
    let _ = io::stderr().write_fmt(args);
}

/// Sends what is buffered for stdout on its way.
pub fn flush() {
    OUT.with(|o| {
        if let Err(e) = o.borrow_mut().flush() {
            gone(&e);
        }
    });
}

/// `print!` to the buffered stdout, handling a closed pipe.
#[macro_export]
macro_rules! out {
    ($($t:tt)*) => { $crate::output::write_out(format_args!($($t)*)) };
}

/// `println!` to the buffered stdout, handling a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::output::write_out(format_args!("\n")) };
    ($($t:tt)*) => {{ $crate::output::write_out(format_args!($($t)*)); $crate::output::write_out(format_args!("\n")) }};
}

/// `eprintln!` that never panics (a closed stderr is ignored).
#[macro_export]
macro_rules! errln {
    () => { $crate::output::write_err(format_args!("\n")) };
    ($($t:tt)*) => {{ $crate::output::write_err(format_args!($($t)*)); $crate::output::write_err(format_args!("\n")) }};
}

/// `eprint!` that never panics.
#[macro_export]
macro_rules! err {
    ($($t:tt)*) => { $crate::output::write_err(format_args!($($t)*)) };
}
