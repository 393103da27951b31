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
    #[error(
        "data directory {path} is in use by another sitmap (process {holder}); stop it or use another --data"
    )]
    InUse { path: PathBuf, holder: String },
    #[error("cannot lock the data directory ({path}): {source}")]
    Lock {
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
    /// The data directory's lock file, held while the store is open (see
    /// [`Store::open_exclusive`]); the OS releases it when the process ends, however it ends.
    _lock: Option<std::fs::File>,
}

/// Name of the lock file in a data directory; it holds the owner's process id.
pub const LOCK_FILE: &str = "sitmap.lock";

/// Takes the data directory's lock (an advisory OS file lock on [`LOCK_FILE`]) and writes this
/// process's id into it, or says which process holds it.
fn lock_dir(dir: &Path) -> Result<std::fs::File, StoreError> {
    use std::io::{Read, Seek, Write};
    let path = dir.join(LOCK_FILE);
    let lock_err = |source| StoreError::Lock {
        path: path.clone(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(lock_err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(StoreError::InUse {
                path: dir.to_path_buf(),
                holder: if holder.is_empty() {
                    "unknown".into()
                } else {
                    holder.chars().take(20).collect()
                },
            });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(lock_err(e)),
    }
    file.set_len(0).map_err(lock_err)?;
    file.rewind().map_err(lock_err)?;
    write!(file, "{}", std::process::id()).map_err(lock_err)?;
    Ok(file)
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, as its one owner: a second
    /// `open_exclusive` of the same folder, in this process or another, fails with
    /// [`StoreError::InUse`] naming the holder's process id. `sitmap serve` and
    /// `sitmap ingest` open stores this way, so that no two processes keep diverging indexes
    /// of one store.
    pub fn open_exclusive(dir: &Path) -> Result<Self, StoreError> {
        Self::create_dir(dir)?;
        let lock = lock_dir(dir)?;
        let mut store = Self::open(dir)?;
        store._lock = Some(lock);
        Ok(store)
    }

    fn create_dir(dir: &Path) -> Result<(), StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })
    }

    /// Opens (creating if needed) the store in `dir` without taking its lock: for tools and
    /// tests that read a store; a server must use [`Store::open_exclusive`].
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Self::create_dir(dir)?;
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
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY NOT NULL, deleted TEXT NOT NULL);",
        )
        .map_err(StoreError::from_sqlite)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
            _lock: None,
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
            let mut revive = tx
                .prepare_cached("DELETE FROM tombstones WHERE id = ?1")
                .map_err(StoreError::from_sqlite)?;
            // most stores never delete: then bulk writes skip the tombstone lookups
            let any_tombstone = tx
                .query_row("SELECT EXISTS(SELECT 1 FROM tombstones)", [], |r| {
                    r.get::<_, bool>(0)
                })
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
                    // an id written again after its deletion is alive again
                    if any_tombstone {
                        revive.execute([&e.id]).map_err(StoreError::from_sqlite)?;
                    }
                }
            }
        }
        tx.commit().map_err(StoreError::from_sqlite)?;
        Ok(count)
    }

    /// Deletes one event, leaving a tombstone (its id and the time of deletion) so that
    /// the deletion itself is on record. Returns whether the event existed.
    pub fn delete(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(StoreError::from_sqlite)?;
        let gone = tx
            .execute("DELETE FROM events WHERE id = ?1", [id])
            .map_err(StoreError::from_sqlite)?;
        if gone > 0 {
            tx.execute(
                "INSERT INTO tombstones (id, deleted) VALUES (?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET deleted = excluded.deleted",
                params![id, chrono::Utc::now().to_rfc3339()],
            )
            .map_err(StoreError::from_sqlite)?;
        }
        tx.commit().map_err(StoreError::from_sqlite)?;
        Ok(gone > 0)
    }

    /// Whether an id was deleted (and not written again since).
    pub fn is_deleted(&self, id: &str) -> Result<bool, StoreError> {
        let conn = self.conn()?;
        conn.query_row("SELECT 1 FROM tombstones WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(StoreError::from_sqlite)
    }

    /// Every stored event. Rows are read from SQLite on this thread and parsed on the others
    /// as they arrive (in batches), so reading and JSON parsing overlap. Each row is checked
    /// as a write would check it; a row that does not parse or no longer passes (a field
    /// renamed by hand, a flipped byte) is set aside by id in [`Loaded::unreadable`], and the
    /// others are still loaded.
    pub fn load_all(&self) -> Result<Loaded, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare("SELECT id, lon, lat, properties FROM events")?;
        let parsers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .max(1);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<RawRow>>(parsers * 4);
        let rx = Mutex::new(rx);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..parsers)
                .map(|_| {
                    let rx = &rx;
                    scope.spawn(move || {
                        let mut out = Loaded::default();
                        loop {
                            let batch = match rx.lock() {
                                Ok(r) => r.recv(),
                                Err(_) => return Err(StoreError::Poisoned),
                            };
                            let Ok(batch) = batch else { break };
                            parse_rows(batch, &mut out);
                        }
                        Ok::<_, StoreError>(out)
                    })
                })
                .collect();
            let mut rows = stmt.query([])?;
            let mut batch = Vec::with_capacity(LOAD_BATCH);
            let mut read_error = None;
            loop {
                match rows.next() {
                    Ok(Some(r)) => {
                        let row: Result<RawRow, rusqlite::Error> =
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
                        match row {
                            Ok(row) => batch.push(row),
                            Err(e) => {
                                read_error = Some(e);
                                break;
                            }
                        }
                        if batch.len() == LOAD_BATCH
                            && tx
                                .send(std::mem::replace(
                                    &mut batch,
                                    Vec::with_capacity(LOAD_BATCH),
                                ))
                                .is_err()
                        {
                            break; // a parser failed; its error is reported below
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        read_error = Some(e);
                        break;
                    }
                }
            }
            let _ = tx.send(batch);
            drop(tx);
            let mut loaded = Loaded::default();
            for w in workers {
                let part = w.join().map_err(|_| StoreError::Poisoned)??;
                loaded.events.extend(part.events);
                loaded.unreadable.extend(part.unreadable);
            }
            loaded.unreadable.sort_by(|a, b| a.id.cmp(&b.id));
            match read_error {
                Some(e) => Err(StoreError::Sqlite(e)),
                None => Ok(loaded),
            }
        })
    }

    /// The stored event with this id, if any. A row that is no valid event counts as absent
    /// (as on load), so that a write replaces it.
    pub fn get(&self, id: &str) -> Result<Option<Event>, StoreError> {
        let row: Option<RawRow> = self
            .conn()?
            .query_row(
                "SELECT id, lon, lat, properties FROM events WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let mut parsed = Loaded::default();
        parse_rows(row.into_iter().collect(), &mut parsed);
        Ok(parsed.events.pop())
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

/// Rows read per batch handed to a parser thread.
const LOAD_BATCH: usize = 8_192;

/// A row as read: id, lon, lat, properties JSON.
type RawRow = (String, f64, f64, String);

/// Parses and checks stored rows into `out`: events, or the reason a row is unreadable.
fn parse_rows(rows: Vec<RawRow>, out: &mut Loaded) {
    for (id, lon, lat, props) in rows {
        let event = serde_json::from_str::<EventProperties>(&props)
            .map_err(|e| e.to_string())
            .map(|properties| Event {
                id: id.clone(),
                lon,
                lat,
                properties,
            })
            .and_then(|event| {
                event
                    .validate_stored()
                    .map(|()| event)
                    .map_err(|e| e.to_string())
            });
        match event {
            Ok(event) => out.events.push(event),
            Err(reason) => out.unreadable.push(Unreadable { id, reason }),
        }
    }
}

/// What [`Store::load_all`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub events: Vec<Event>,
    /// Stored rows that are not valid events, by id (sorted); they stay in the store as
    /// they are, unserved, until a write of the same id replaces them.
    pub unreadable: Vec<Unreadable>,
}

/// A stored row that is not a valid event.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub id: String,
    pub reason: String,
}
