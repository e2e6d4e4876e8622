pub fn placeholder() {}
pub mod geo;
