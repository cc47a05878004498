//! Browser entry point: mounts the app on `<body>`.
fn main() {
    yew::Renderer::<pidns_web::App>::new().render();
}
