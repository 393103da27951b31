//! Integration tests of the HTTP server: real servers on loopback ports over real data
//! directories. One test binary, one module per concern.

mod conformance;
mod crash;
mod diskfull;
mod export;
mod filters;
mod gdal;
mod geoparse;
mod hardening;
mod harvest;
mod limits;
mod live_ingest;
mod map;
mod ogc_tiles;
mod owslib;
mod pyqgis;
mod queries;
mod reports;
mod restart;
mod safety;
mod schemathesis;
mod styles;
mod support;
mod tiles;
mod transactions;
mod user_places;
mod writes;
