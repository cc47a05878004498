//! A session as a document, for share links, files and autosave: its
//! statements (the op log, also past the cursor), the cursor, the model and
//! what the user was looking at. Three forms: JSON, `.pns` text (the
//! scenario language itself), and a share link's fragment (`s1.` + the JSON
//! raw-deflated and base64url-encoded).
//!
//! Decoding never trusts its input: sizes are checked before anything large
//! is allocated (the inflater stops at [`MAX_TEXT`]), every statement is
//! parsed, and every problem comes back as a [`ShareError`], never a panic.

use super::parse::{parse_line, LineParser, ParseError};
use super::Stmt;
use crate::namespace::PID_MAX_MIN;
use crate::{Model, PID_MAX_DEFAULT, PID_MAX_LIMIT};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The document format this version writes and reads.
pub const FORMAT: u32 = 1;
/// Most statements a session may hold ([`crate::limits::MAX_SESSION_STATEMENTS`]).
pub const MAX_STATEMENTS: usize = crate::limits::MAX_SESSION_STATEMENTS;
/// Most bytes of document text (JSON or `.pns`) read or inflated
/// ([`crate::limits::MAX_DOC_BYTES`]).
pub const MAX_TEXT: usize = crate::limits::MAX_DOC_BYTES;
/// The prefix of a share link's payload; the digit is the format.
pub const LINK_PREFIX: &str = "s1.";

/// A session, as saved and shared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionDoc {
    /// [`FORMAT`] when written.
    pub format: u32,
    pub model: Model,
    /// Both models side by side.
    #[serde(default)]
    pub compare: bool,
    /// A built-in cost profile's name.
    #[serde(default)]
    pub profile: Option<String>,
    /// The process whose namespace the views show.
    #[serde(default)]
    pub view_from: Option<String>,
    /// The root namespace's `pid_max`.
    pub pid_max: u32,
    /// How many statements are in effect (the rest is the redo tail).
    pub cursor: usize,
    /// Every statement in the scenario language, one per entry.
    pub statements: Vec<String>,
}

/// Why a link, a file or a saved session was refused. The current session
/// is never touched by a refused input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("{what} is {size} bytes; at most {max} are read")]
    TooLarge {
        what: &'static str,
        size: usize,
        max: usize,
    },
    #[error("not a pidns-lab link (it should start with '{LINK_PREFIX}')")]
    NotALink,
    #[error("this link was made by a newer pidns-lab (format {0}); this one reads format {FORMAT}")]
    NewerFormat(u32),
    #[error("the link is damaged or cut short ({0}); copy the whole link again")]
    Damaged(&'static str),
    #[error("not a pidns-lab session: {0}")]
    NotASession(String),
    /// The number of statements read when the limit was passed: reading a
    /// `.pns` text stops at the first statement past the limit.
    #[error("{0} statements or more; a session holds at most {MAX_STATEMENTS}")]
    TooManyStatements(usize),
    #[error("{} statement(s) do not parse: {}{}", .total, .first.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "), if *.total > .first.len() { "; …" } else { "" })]
    BadStatements { first: Vec<ParseError>, total: usize },
    #[error("{0}")]
    Invalid(String),
}

/// At most this many parse errors are listed in a [`ShareError`].
const ERRORS_SHOWN: usize = 20;

impl SessionDoc {
    /// A document for `statements` with the default settings.
    pub fn new(statements: Vec<String>, cursor: usize) -> SessionDoc {
        SessionDoc {
            format: FORMAT,
            model: Model::Multilevel,
            compare: false,
            profile: None,
            view_from: None,
            pid_max: PID_MAX_DEFAULT,
            cursor,
            statements,
        }
    }

    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads and checks a JSON document.
    pub fn from_json(text: &str) -> Result<SessionDoc, ShareError> {
        bounded("the session file", text.len())?;
        if let Some(format) = serde_json::from_str::<FormatOnly>(text).ok().map(|f| f.format) {
            if format > FORMAT {
                return Err(ShareError::NewerFormat(format));
            }
        }
        let doc: SessionDoc = serde_json::from_str(text).map_err(|e| ShareError::NotASession(e.to_string()))?;
        doc.checked()
    }

    /// As one line of JSON: what a share link packs.
    pub fn to_compact_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A share link's fragment payload from [`to_compact_json`](Self::to_compact_json)
    /// compressed with raw deflate (RFC 1951): `s1.` + base64url. The
    /// compressing is left to the caller (the browser has a deflater built
    /// in, so the wasm bundle carries only the inflater).
    pub fn link_from_deflated(deflated: &[u8]) -> String {
        format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
    }

    /// Reads and checks a link's fragment payload (without the `#`).
    pub fn from_link(payload: &str) -> Result<SessionDoc, ShareError> {
        let payload = payload.trim();
        bounded("the link", payload.len())?;
        let Some(body) = payload.strip_prefix(LINK_PREFIX) else {
            return match payload
                .strip_prefix('s')
                .and_then(|r| r.split_once('.'))
                .and_then(|(v, _)| v.parse().ok())
            {
                Some(v) if v > FORMAT => Err(ShareError::NewerFormat(v)),
                _ => Err(ShareError::NotALink),
            };
        };
        let packed = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| ShareError::Damaged("not base64url"))?;
        let json =
            miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_TEXT).map_err(|e| match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    ShareError::Damaged("it unpacks to more than 4 MiB")
                }
                _ => ShareError::Damaged("it does not unpack"),
            })?;
        let text = String::from_utf8(json).map_err(|_| ShareError::Damaged("not text"))?;
        SessionDoc::from_json(&text)
    }

    /// As a `.pns` scenario: the header, then the statements in effect and,
    /// commented out, the redo tail.
    pub fn to_pns(&self) -> String {
        let mut out = format!(
            "# pidns-lab session ({} statements)\nmodel {}\n",
            self.statements.len(),
            self.model.name()
        );
        if self.pid_max != PID_MAX_DEFAULT {
            out += &format!("pid_max {}\n", self.pid_max);
        }
        if let Some(p) = &self.profile {
            out += &format!("profile {p}\n");
        }
        for (i, s) in self.statements.iter().enumerate() {
            if i == self.cursor {
                out += "# undone (redo tail):\n";
            }
            out += &format!("{}{s}\n", if i >= self.cursor { "# " } else { "" });
        }
        out
    }

    /// Reads a `.pns` scenario; all its statements are in effect. Reading
    /// stops at the first statement past [`MAX_STATEMENTS`], so a huge file
    /// is refused after reading no more than a session can hold.
    pub fn from_pns(text: &str) -> Result<SessionDoc, ShareError> {
        bounded("the scenario file", text.len())?;
        let mut p = LineParser::new();
        let mut statements = Vec::new();
        let (mut first, mut total) = (Vec::new(), 0);
        for raw in text.lines() {
            match p.next_line(raw) {
                Ok(Some(_)) if statements.len() == MAX_STATEMENTS => {
                    return Err(ShareError::TooManyStatements(MAX_STATEMENTS + 1));
                }
                Ok(Some(stmt)) => statements.push(stmt.to_string()),
                Ok(None) => {}
                Err(e) => {
                    total += 1;
                    if first.len() < ERRORS_SHOWN {
                        first.push(e);
                    }
                }
            }
        }
        if total > 0 {
            return Err(ShareError::BadStatements { first, total });
        }
        let header = p.into_header();
        let cursor = statements.len();
        let mut doc = SessionDoc::new(statements, cursor);
        doc.model = header.model.unwrap_or_default();
        doc.pid_max = header.pid_max.unwrap_or(PID_MAX_DEFAULT);
        doc.profile = header.profile;
        doc.checked()
    }

    /// The statements, parsed (a checked document always parses).
    pub fn parsed(&self) -> Result<Vec<Stmt>, ShareError> {
        let mut errs = Vec::new();
        let mut out = Vec::with_capacity(self.statements.len());
        for (i, s) in self.statements.iter().enumerate() {
            if s.contains('\n') {
                errs.push(ParseError {
                    line: i + 1,
                    col: 1,
                    message: "a statement is one line".into(),
                });
                continue;
            }
            match parse_line(s, i + 1) {
                Ok(st) => out.push(st),
                Err(e) => errs.push(e),
            }
        }
        if errs.is_empty() {
            Ok(out)
        } else {
            Err(ShareError::BadStatements {
                total: errs.len(),
                first: errs.into_iter().take(ERRORS_SHOWN).collect(),
            })
        }
    }

    /// Checks every field; the document comes back if all is well.
    fn checked(self) -> Result<SessionDoc, ShareError> {
        if self.format > FORMAT {
            return Err(ShareError::NewerFormat(self.format));
        }
        if self.statements.len() > MAX_STATEMENTS {
            return Err(ShareError::TooManyStatements(self.statements.len()));
        }
        if self.cursor > self.statements.len() {
            return Err(ShareError::Invalid(format!(
                "the cursor ({}) is past the last statement ({})",
                self.cursor,
                self.statements.len()
            )));
        }
        if !(PID_MAX_MIN..=PID_MAX_LIMIT).contains(&self.pid_max) {
            return Err(ShareError::Invalid(format!(
                "pid_max {} is outside {PID_MAX_MIN}..={PID_MAX_LIMIT}",
                self.pid_max
            )));
        }
        if let Some(v) = &self.view_from {
            if !super::parse::is_name(v) {
                return Err(ShareError::Invalid(
                    "the \"view from\" process is not a process name".into(),
                ));
            }
        }
        if let Some(p) = &self.profile {
            if !crate::cost::BUILTIN_PROFILES.contains(&p.as_str()) {
                return Err(ShareError::Invalid(format!(
                    "unknown profile '{}' (built-in: {})",
                    p.chars().take(40).collect::<String>(),
                    crate::cost::BUILTIN_PROFILES.join(", ")
                )));
            }
        }
        self.parsed()?;
        Ok(self)
    }
}

/// Just the format field, to say "newer" before complaining about fields.
#[derive(Deserialize)]
struct FormatOnly {
    format: u32,
}

fn bounded(what: &'static str, size: usize) -> Result<(), ShareError> {
    if size > MAX_TEXT {
        Err(ShareError::TooLarge {
            what,
            size,
            max: MAX_TEXT,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(d: &SessionDoc) -> String {
        SessionDoc::link_from_deflated(&miniz_oxide::deflate::compress_to_vec(
            d.to_compact_json().as_bytes(),
            9,
        ))
    }

    fn doc() -> SessionDoc {
        let mut d = SessionDoc::new(
            vec!["init fork as a".into(), "a unshare newpid".into(), "a fork".into()],
            2,
        );
        d.compare = true;
        d.view_from = Some("a".into());
        d.profile = Some("seed-2007".into());
        d
    }

    #[test]
    fn link_json_and_pns_round_trip() {
        let d = doc();
        assert_eq!(SessionDoc::from_link(&link(&d)), Ok(d.clone()));
        assert_eq!(SessionDoc::from_json(&d.to_json()), Ok(d.clone()));
        let back = SessionDoc::from_pns(&d.to_pns()).expect("pns");
        assert_eq!((back.statements.len(), back.cursor, back.profile), (2, 2, d.profile));
    }

    #[test]
    fn hostile_links_are_refused_with_a_reason() {
        let link = link(&doc());
        assert_eq!(SessionDoc::from_link("hello"), Err(ShareError::NotALink));
        assert_eq!(SessionDoc::from_link("s7.abc"), Err(ShareError::NewerFormat(7)));
        assert!(matches!(
            SessionDoc::from_link(&link[..link.len() / 2]),
            Err(ShareError::Damaged(_))
        ));
        assert!(matches!(SessionDoc::from_link("s1.!!!"), Err(ShareError::Damaged(_))));
        // A deflate bomb: 64 MiB of zeros packs small but is not inflated past the limit.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 64 << 20], 9);
        let bomb = format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(matches!(SessionDoc::from_link(&bomb), Err(ShareError::Damaged(_))));
        let huge = "s1.".to_string() + &"A".repeat(MAX_TEXT + 1);
        assert!(matches!(SessionDoc::from_link(&huge), Err(ShareError::TooLarge { .. })));
    }

    #[test]
    fn bad_documents_are_refused_with_a_reason() {
        let deep = "[".repeat(100_000);
        assert!(matches!(SessionDoc::from_json(&deep), Err(ShareError::NotASession(_))));
        let mut d = doc();
        d.statements.push("a frok".into());
        assert!(matches!(
            SessionDoc::from_json(&d.to_json()),
            Err(ShareError::BadStatements { total: 1, .. })
        ));
        let mut d = doc();
        d.cursor = 9;
        assert!(matches!(
            SessionDoc::from_json(&d.to_json()),
            Err(ShareError::Invalid(_))
        ));
        let mut d = doc();
        d.format = 2;
        assert_eq!(SessionDoc::from_json(&d.to_json()), Err(ShareError::NewerFormat(2)));
        let many = "init getpid\n".repeat(MAX_STATEMENTS + 1);
        assert_eq!(
            SessionDoc::from_pns(&many),
            Err(ShareError::TooManyStatements(MAX_STATEMENTS + 1))
        );
        // Reading stops at the first statement past the cap: 80,000
        // expectations are refused after MAX_STATEMENTS + 1 lines.
        let before = super::super::parse::lines_tokenized();
        let many = "expect ok\n".repeat(80_000);
        assert_eq!(
            SessionDoc::from_pns(&many),
            Err(ShareError::TooManyStatements(MAX_STATEMENTS + 1))
        );
        assert_eq!(super::super::parse::lines_tokenized() - before, MAX_STATEMENTS + 1);
        let errors = "init frok\n".repeat(5000);
        let e = SessionDoc::from_pns(&errors).expect_err("refused");
        assert!(matches!(&e, ShareError::BadStatements { total: 5000, first } if first.len() == 20));
        assert!(e.to_string().len() < 4000, "the message stays readable");
        let html = SessionDoc::from_pns("init fork as <b>x</b>\n").expect_err("not a name");
        assert!(matches!(html, ShareError::BadStatements { .. }));
    }
}
