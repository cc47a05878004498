//! The process table: one row per task with its pid at every level (NSpid,
//! root first, lxkns-style `6025/146/1`), state and ppid as it sees it.

use pidns_core::scenario::ProcessRow;
use yew::prelude::*;

/// Properties of [`ProcessTable`].
#[derive(Properties, PartialEq)]
pub struct ProcessTableProps {
    /// The rows, as `Session::table` gives them.
    pub rows: Vec<ProcessRow>,
}

/// `6025/146/1`: a task's numbers at every level, root first.
pub fn format_nspid(nspid: &[u32]) -> String {
    nspid.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
}

/// The table named "Processes".
#[function_component(ProcessTable)]
pub fn process_table(props: &ProcessTableProps) -> Html {
    html! {
        <table class="processes" aria-label="Processes">
            <thead>
                <tr>
                    <th scope="col">{ "Name" }</th>
                    <th scope="col">{ "State" }</th>
                    <th scope="col">{ "Level" }</th>
                    <th scope="col">{ "NSpid" }</th>
                    <th scope="col">{ "PPid (own view)" }</th>
                </tr>
            </thead>
            <tbody>
                { for props.rows.iter().map(|r| html! {
                    <tr key={r.name.clone()} class={classes!(r.thread_of.is_some().then_some("thread"))}>
                        <th scope="row">{ &r.name }</th>
                        <td>{ r.state }</td>
                        <td>{ r.level }</td>
                        <td class="nspid">{ format_nspid(&r.nspid) }</td>
                        <td>{ r.ppid }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::format_nspid;

    #[test]
    fn nspid_is_root_first_with_slashes() {
        assert_eq!(format_nspid(&[6025, 146, 1]), "6025/146/1");
        assert_eq!(format_nspid(&[1]), "1");
    }
}
