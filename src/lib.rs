//! sitmap turns news reports about armed conflict into geocoded events and serves them to map
//! frontends and GIS tools.
//!
//! # Layout
//!
//! | stage | module |
//! |---|---|
//! | place names → coordinates | [`gazetteer`] (data in `gazetteer/`, normalisation, ranking) |
//! | gazetteer answers as GeoJSON | [`geocode`] |
//! | typed GeoJSON structs | [`geojson`] |
//!
//! The binary (`src/main.rs`) only parses the command line and calls into these modules.

pub mod gazetteer;
pub mod geocode;
pub mod geojson;
