//! The signals the scenario language knows, their default actions and the
//! per-process dispositions set with `sigaction` (kernel/signal.c).

use serde::{Deserialize, Serialize};

/// A signal, numbered as on Linux x86-64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Signal {
    SIGHUP = 1,
    SIGINT = 2,
    SIGKILL = 9,
    SIGUSR1 = 10,
    SIGUSR2 = 12,
    SIGTERM = 15,
    SIGCHLD = 17,
    SIGCONT = 18,
    SIGSTOP = 19,
}

/// What a signal does when its disposition is `SIG_DFL` (signal(7)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    /// Terminate the whole thread group.
    Terminate,
    /// Stop the thread group.
    Stop,
    /// Resume a stopped thread group.
    Continue,
    /// Nothing happens.
    Ignore,
}

impl Signal {
    /// Every signal of the language.
    pub const ALL: [Signal; 9] = [
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGKILL,
        Signal::SIGUSR1,
        Signal::SIGUSR2,
        Signal::SIGTERM,
        Signal::SIGCHLD,
        Signal::SIGCONT,
        Signal::SIGSTOP,
    ];

    /// The signal's number.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The name with its `SIG` prefix.
    pub fn name(self) -> &'static str {
        match self {
            Signal::SIGHUP => "SIGHUP",
            Signal::SIGINT => "SIGINT",
            Signal::SIGKILL => "SIGKILL",
            Signal::SIGUSR1 => "SIGUSR1",
            Signal::SIGUSR2 => "SIGUSR2",
            Signal::SIGTERM => "SIGTERM",
            Signal::SIGCHLD => "SIGCHLD",
            Signal::SIGCONT => "SIGCONT",
            Signal::SIGSTOP => "SIGSTOP",
        }
    }

    /// The signal numbered `n` on Linux x86-64, if the language knows it.
    pub fn from_number(n: i32) -> Option<Signal> {
        Signal::ALL.into_iter().find(|s| i32::from(s.number()) == n)
    }

    /// Parses `SIGTERM` or `TERM`.
    pub fn from_name(name: &str) -> Option<Signal> {
        let bare = name.strip_prefix("SIG").unwrap_or(name);
        Signal::ALL.into_iter().find(|s| &s.name()[3..] == bare)
    }

    /// `sig_kernel_only()`: SIGKILL and SIGSTOP can be neither caught nor ignored.
    pub fn kernel_only(self) -> bool {
        matches!(self, Signal::SIGKILL | Signal::SIGSTOP)
    }

    /// The default action (signal(7)).
    pub fn default_action(self) -> DefaultAction {
        match self {
            Signal::SIGSTOP => DefaultAction::Stop,
            Signal::SIGCONT => DefaultAction::Continue,
            Signal::SIGCHLD => DefaultAction::Ignore,
            _ => DefaultAction::Terminate,
        }
    }

    /// This signal's bit in a 16-bit set of the language's signals.
    pub(crate) fn bit(self) -> u16 {
        1 << (Signal::ALL.iter().position(|s| *s == self).unwrap_or(0))
    }
}

/// A signal's disposition, as set by `sigaction(2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Disposition {
    /// `SIG_DFL`.
    Default,
    /// An installed handler.
    Handle,
    /// `SIG_IGN`.
    Ignore,
}

impl Disposition {
    /// Every disposition, in the language's order.
    pub const ALL: [Disposition; 3] = [Disposition::Default, Disposition::Handle, Disposition::Ignore];

    /// The language's keyword: `default`, `handle`, `ignore`.
    pub fn name(self) -> &'static str {
        match self {
            Disposition::Default => "default",
            Disposition::Handle => "handle",
            Disposition::Ignore => "ignore",
        }
    }

    /// Parses a disposition keyword.
    pub fn from_name(s: &str) -> Option<Disposition> {
        Disposition::ALL.into_iter().find(|d| d.name() == s)
    }
}

/// The dispositions of one thread group (`struct sighand_struct`), shared by
/// its threads and copied on fork.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SigHand {
    handled: u16,
    ignored: u16,
}

impl SigHand {
    /// The disposition of `sig`.
    pub fn get(self, sig: Signal) -> Disposition {
        if self.handled & sig.bit() != 0 {
            Disposition::Handle
        } else if self.ignored & sig.bit() != 0 {
            Disposition::Ignore
        } else {
            Disposition::Default
        }
    }

    /// Sets the disposition of `sig` (callers refuse SIGKILL/SIGSTOP first).
    pub fn set(&mut self, sig: Signal, d: Disposition) {
        self.handled &= !sig.bit();
        self.ignored &= !sig.bit();
        match d {
            Disposition::Default => {}
            Disposition::Handle => self.handled |= sig.bit(),
            Disposition::Ignore => self.ignored |= sig.bit(),
        }
    }
}
