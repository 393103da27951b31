//! The durable event store: SQLite in WAL mode, in `DATA_DIR/events.sqlite3`.
//!
//! Why SQLite: it is crash-safe by design (a transaction is on disk or not at all), needs no
//! server, and `rusqlite` with the bundled library builds anywhere. With `journal_mode=WAL`
//! and `synchronous=FULL` a commit returns only after the WAL is fsynced, so a write is
//! acknowledged only once it would survive `kill -9` or a power cut. Each call to
//! [`Store::upsert`] is one transaction: all of its events are stored, or none.
//!
//! Events are keyed by id; writing an id again replaces the row (an update, not a duplicate).
//! Properties are kept as JSON text next to the indexed columns, so the schema can grow
//! without migrations of old rows.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

use crate::event::{Event, EventProperties};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the disk holding the data directory is full")]
    DiskFull,
    #[error("stored event {id} is unreadable: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("the store lock was poisoned by a panic in another thread")]
    Poisoned,
}

impl StoreError {
    fn from_sqlite(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}

/// How many rows one upsert inserted and how many it replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertCount {
    pub inserted: usize,
    pub updated: usize,
}

/// The store. One connection behind a mutex: SQLite allows one writer at a time anyway,
/// and callers run it on blocking threads (`spawn_blocking`), never on the async runtime.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join("events.sqlite3");
        let conn = Connection::open(&path).map_err(StoreError::from_sqlite)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS events (
                 id TEXT PRIMARY KEY NOT NULL,
                 lon REAL NOT NULL,
                 lat REAL NOT NULL,
                 event_date TEXT NOT NULL,
                 properties TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);",
        )
        .map_err(StoreError::from_sqlite)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }

    /// Writes events in one transaction: all or none. Returns once the commit is durable.
    pub fn upsert(&self, events: &[Event]) -> Result<UpsertCount, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(StoreError::from_sqlite)?;
        let mut count = UpsertCount::default();
        {
            let mut exists = tx
                .prepare_cached("SELECT 1 FROM events WHERE id = ?1")
                .map_err(StoreError::from_sqlite)?;
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO events (id, lon, lat, event_date, properties)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(id) DO UPDATE SET lon = excluded.lon, lat = excluded.lat,
                         event_date = excluded.event_date, properties = excluded.properties",
                )
                .map_err(StoreError::from_sqlite)?;
            for e in events {
                let known = exists
                    .query_row([&e.id], |_| Ok(()))
                    .optional()
                    .map_err(StoreError::from_sqlite)?
                    .is_some();
                let props =
                    serde_json::to_string(&e.properties).map_err(|err| StoreError::Corrupt {
                        id: e.id.clone(),
                        reason: err.to_string(),
                    })?;
                put.execute(params![
                    e.id,
                    e.lon,
                    e.lat,
                    e.properties.event_date.to_string(),
                    props
                ])
                .map_err(StoreError::from_sqlite)?;
                if known {
                    count.updated += 1;
                } else {
                    count.inserted += 1;
                }
            }
        }
        tx.commit().map_err(StoreError::from_sqlite)?;
        Ok(count)
    }

    /// Every stored event. Properties are parsed on all cores.
    pub fn load_all(&self) -> Result<Vec<Event>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare("SELECT id, lon, lat, properties FROM events")?;
        let rows: Vec<(String, f64, f64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        drop(conn);
        parse_rows(rows)
    }

    /// Number of stored events.
    pub fn count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn()?
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// A value of the store's own bookkeeping (e.g. whether the demo data was loaded).
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn()?
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(StoreError::from_sqlite)?;
        Ok(())
    }
}

fn parse_rows(rows: Vec<(String, f64, f64, String)>) -> Result<Vec<Event>, StoreError> {
    let parse = |chunk: &[(String, f64, f64, String)]| -> Result<Vec<Event>, StoreError> {
        chunk
            .iter()
            .map(|(id, lon, lat, props)| {
                let properties: EventProperties =
                    serde_json::from_str(props).map_err(|e| StoreError::Corrupt {
                        id: id.clone(),
                        reason: e.to_string(),
                    })?;
                Ok(Event {
                    id: id.clone(),
                    lon: *lon,
                    lat: *lat,
                    properties,
                })
            })
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if rows.len() < 10_000 || threads == 1 {
        return parse(&rows);
    }
    let chunk = rows.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .map(|c| s.spawn(move || parse(c)))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for h in handles {
            out.extend(h.join().map_err(|_| StoreError::Poisoned)??);
        }
        Ok(out)
    })
}
