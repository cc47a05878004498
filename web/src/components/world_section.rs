//! The main view's section: its title, the narration of the last step, the
//! "Picture" / "Table" switch, the picture ("World"; two in Compare) and the
//! process table(s), with Compare's list of divergent steps.

use super::process_table::ProcessTable;
use super::world::World;
use crate::picture::Picture;
use crate::view::Row;
use std::rc::Rc;
use yew::prelude::*;

/// Where the process table is while the picture is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TablePlace {
    /// Under the picture, as its accessible alternative (the page).
    #[default]
    UnderPicture,
    /// Only instead of it (a slide has no room for both).
    Instead,
}

/// Properties of [`WorldSection`].
#[derive(Properties)]
pub struct WorldSectionProps {
    /// "The world (multilevel)", "The world (compare)"...
    pub title: String,
    /// What the last step did, in one line.
    pub narration: String,
    /// The picture of the session (Compare: of the multilevel model).
    pub picture: Rc<Picture>,
    /// Compare: the flat model's picture.
    #[prop_or_default]
    pub flat_picture: Option<Rc<Picture>>,
    /// The process table's rows (Compare: the multilevel model's).
    pub rows: Rc<Vec<Row>>,
    /// Compare: the flat model's rows.
    #[prop_or_default]
    pub flat_rows: Option<Rc<Vec<Row>>>,
    /// Compare: the steps whose results differ, as (index, statement, multilevel, flat).
    #[prop_or_default]
    pub divergences: Rc<Vec<(usize, String, String, String)>>,
    /// The deepest level any row has (the tables' column count).
    pub max_level: u32,
    /// The process the last step created, highlighted.
    pub fresh: Option<String>,
    /// The selected process.
    pub selected: String,
    /// The "view from" process, if any.
    pub viewer: Option<String>,
    /// A process was chosen in the picture or a table.
    pub on_select: Callback<String>,
    /// A "+K processes" node was opened (the key of the process whose children to show).
    pub on_expand: Callback<u64>,
    /// Where the table is while the picture is shown.
    #[prop_or_default]
    pub table: TablePlace,
}

impl PartialEq for WorldSectionProps {
    fn eq(&self, o: &Self) -> bool {
        fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
        }
        self.title == o.title
            && self.narration == o.narration
            && Rc::ptr_eq(&self.picture, &o.picture)
            && same(&self.flat_picture, &o.flat_picture)
            && Rc::ptr_eq(&self.rows, &o.rows)
            && same(&self.flat_rows, &o.flat_rows)
            && Rc::ptr_eq(&self.divergences, &o.divergences)
            && self.max_level == o.max_level
            && self.fresh == o.fresh
            && self.selected == o.selected
            && self.viewer == o.viewer
            && self.on_select == o.on_select
            && self.on_expand == o.on_expand
            && self.table == o.table
    }
}

/// The section named by its title: the world drawn, and the table beside it.
#[function_component(WorldSection)]
pub fn world_section(p: &WorldSectionProps) -> Html {
    // The picture (with the table under it, the accessible alternative) or the table alone.
    let show_picture = use_state(|| true);
    let button = |on: bool, label: &'static str| {
        let show = show_picture.clone();
        html! {
            <button type="button" aria-pressed={(*show_picture == on).to_string()} class={classes!((*show_picture == on).then_some("active"))}
                onclick={Callback::from(move |_| show.set(on))}>{ label }</button>
        }
    };
    let world = |picture: &Rc<Picture>, label: &'static str, prefix: &'static str| {
        html! {
            <World picture={picture.clone()} selected={p.selected.clone()} viewer={p.viewer.clone()}
                on_select={p.on_select.clone()} on_expand={p.on_expand.clone()} label={label} prefix={prefix} />
        }
    };
    let table = |rows: &Rc<Vec<Row>>, label: &'static str| {
        html! {
            <ProcessTable rows={rows.clone()} max_level={p.max_level} selected={Some(p.selected.clone())}
                fresh={p.fresh.clone()} viewer={p.viewer.clone()} on_select={p.on_select.clone()} label={label} />
        }
    };
    let tables = !*show_picture || p.table == TablePlace::UnderPicture;
    html! {
        <section class="world" aria-labelledby="world-title">
            <h2 id="world-title">{ &p.title }</h2>
            <p class="narration" aria-live="polite">{ &p.narration }</p>
            <div class="view-switch" role="group" aria-label={t!(pic_view_switch)}>
                { button(true, t!(pic_view_picture)) }
                { button(false, t!(pic_view_table)) }
            </div>
            if *show_picture {
                if let Some(flat) = &p.flat_picture {
                    { world(&p.picture, t!(world_multilevel), "pic") }
                    { world(flat, t!(world_flat), "picf") }
                } else {
                    { world(&p.picture, t!(world), "pic") }
                }
            }
            if !tables {
            } else if let Some(flat_rows) = &p.flat_rows {
                <div class="compare">
                    <div><h3>{ t!(multilevel) }</h3>{ table(&p.rows, "Processes") }</div>
                    <div><h3>{ t!(flat) }</h3>{ table(flat_rows, "Processes (flat)") }</div>
                </div>
                <section class="divergences" aria-label={t!(divergences)}>
                    <h3>{ format!(t!(divergent_steps), p.divergences.len()) }</h3>
                    <ul>
                        { for p.divergences.iter().map(|(i, stmt, a, b)| html! {
                            <li class="diverged"><code>{ format!("{}: {stmt}", i + 1) }</code>{ format!(t!(multilevel_flat), a = a, b = b) }</li>
                        }) }
                    </ul>
                </section>
            } else {
                { table(&p.rows, "Processes") }
            }
        </section>
    }
}
