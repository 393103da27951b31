//! sitmap turns news reports about armed conflict into geocoded events and serves them to map
//! frontends and GIS tools.
//!
//! # Layout
//!
//! | stage | module |
//! |---|---|
//! | place names → coordinates | [`gazetteer`] (data in `gazetteer/`, normalisation, ranking) |
//! | gazetteer answers as GeoJSON | [`geocode`] |
//! | every place of a text, found and resolved in context | [`geoparse`] |
//! | word lists both text readers share (months, weekdays, titles) | [`lexicon`] |
//! | the event schema, GeoJSON in and out | [`event`] |
//! | durable storage (SQLite, WAL) | [`store`] |
//! | R-tree over position and date | [`index`] |
//! | bbox, datetime and filter values | [`query`] |
//! | HTTP: OGC API – Features, writes, gazetteer | [`api`] |
//! | vector tiles of the events, clustering, tile cache | [`tiles`] |
//! | start-up and shutdown of the server | [`server`] |
//! | news report → events | [`extract`] |
//! | files into the store | [`ingest`] |
//! | demo data for a fresh store | [`demo`] |
//! | settings | [`config`] |
//!
//! The binary (`src/main.rs`) only parses the command line and calls into these modules.

// the OpenAPI document is one json! literal deeper than serde_json's default limit allows
#![recursion_limit = "256"]

pub mod api;
pub mod config;
pub mod demo;
pub mod event;
pub mod extract;
pub mod gazetteer;
pub mod geocode;
pub mod geojson;
pub mod geoparse;
pub mod index;
pub mod ingest;
pub mod lexicon;
pub mod query;
pub mod remote;
pub mod server;
pub mod store;
pub mod tiles;
