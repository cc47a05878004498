//! The notice under the banner: what just happened (a session opened, a file
//! refused...), with "Bring back the previous session" after a load and
//! "Dismiss".

use crate::state::Notice;
use yew::prelude::*;

/// Properties of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    /// What to say.
    pub notice: Notice,
    /// A load replaced a session that can be brought back.
    pub can_restore: bool,
    /// "Bring back the previous session".
    pub on_restore: Callback<MouseEvent>,
    /// "Dismiss".
    pub on_dismiss: Callback<MouseEvent>,
}

/// An alert (errors) or a status line.
#[function_component(NoticeBar)]
pub fn notice_bar(p: &NoticeBarProps) -> Html {
    let n = &p.notice;
    html! {
        <div class={classes!("notice", n.error.then_some("error"))} role={if n.error { "alert" } else { "status" }}>
            <span>{ &n.text }</span>
            if p.can_restore && !n.error {
                <button onclick={p.on_restore.clone()}>{ t!(bring_back_the_previous_session) }</button>
            }
            <button onclick={p.on_dismiss.clone()}>{ t!(dismiss) }</button>
        </div>
    }
}
