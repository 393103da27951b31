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
        number_changes(&conn)?;
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
    /// Each event is stamped with its change number (`seq`, the next of the store's change
    /// sequence, in the order given) and the time of the write (`updated`), as stored;
    /// whatever the caller had there is replaced.
    pub fn upsert(&self, events: &mut [Event]) -> Result<UpsertCount, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(StoreError::from_sqlite)?;
        let mut count = UpsertCount::default();
        let mut seq = last_seq(&tx)?;
        let now = now_millis();
        {
            let mut exists = tx
                .prepare_cached("SELECT 1 FROM events WHERE id = ?1")
                .map_err(StoreError::from_sqlite)?;
            // created_seq is set on insertion only: it tells a change feed's reader whether
            // an event is new to it
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO events (id, lon, lat, event_date, properties, seq, created_seq)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                     ON CONFLICT(id) DO UPDATE SET lon = excluded.lon, lat = excluded.lat,
                         event_date = excluded.event_date, properties = excluded.properties,
                         seq = excluded.seq",
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
            for e in events.iter_mut() {
                seq += 1;
                e.properties.seq = Some(seq);
                e.properties.updated = Some(now);
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
                    props,
                    seq_value(seq)
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

    /// Deletes one event, leaving a tombstone (its id, the time of deletion and its change
    /// number) so that the deletion itself is on record. Returns the deletion's change
    /// number, or `None` when there was no such event.
    pub fn delete(&self, id: &str) -> Result<Option<u64>, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(StoreError::from_sqlite)?;
        // numbered before the row goes: the event may hold the latest number
        let seq = last_seq(&tx)? + 1;
        let gone = tx
            .execute("DELETE FROM events WHERE id = ?1", [id])
            .map_err(StoreError::from_sqlite)?;
        let mut number = None;
        if gone > 0 {
            number = Some(seq);
            tx.execute(
                "INSERT INTO tombstones (id, deleted, seq) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET deleted = excluded.deleted, seq = excluded.seq",
                params![
                    id,
                    now_millis().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    seq_value(seq)
                ],
            )
            .map_err(StoreError::from_sqlite)?;
        }
        tx.commit().map_err(StoreError::from_sqlite)?;
        Ok(number)
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
        let mut stmt = conn.prepare("SELECT id, lon, lat, properties, seq FROM events")?;
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
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
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
                "SELECT id, lon, lat, properties, seq FROM events WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
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

/// One entry of the change feed ([`Store::changes`]): an event's latest write, or its
/// deletion. Each id appears once, at its latest change.
#[derive(Debug, Clone)]
pub enum Change {
    /// The event as it now is; `created_seq` is the number of its first write (since its
    /// last deletion, if any).
    Upsert { event: Box<Event>, created_seq: u64 },
    /// The event `id` was deleted at `seq`, at server time `deleted` (RFC 3339).
    Delete {
        id: String,
        seq: u64,
        deleted: String,
    },
}

impl Change {
    pub fn seq(&self) -> u64 {
        match self {
            Change::Upsert { event, .. } => event.properties.seq.unwrap_or(0),
            Change::Delete { seq, .. } => *seq,
        }
    }
}

impl Store {
    /// The changes numbered after `since`, oldest first, at most `limit`: each id once, at
    /// its latest write or its deletion. Applying them in order brings a copy of the store
    /// as it was at `since` up to the last one listed. Two index range scans, so the cost
    /// grows with `limit`, not with the store. Rows that are no valid event are left out,
    /// as everywhere they are served.
    pub fn changes(&self, since: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        let conn = self.conn()?;
        let (since, cap) = (seq_value(since), i64::try_from(limit).unwrap_or(i64::MAX));
        let mut written = conn.prepare_cached(
            "SELECT id, lon, lat, properties, seq, created_seq FROM events
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let mut rows = Vec::new();
        let mut created = std::collections::HashMap::new();
        for row in written.query_map(params![since, cap], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                r.get::<_, Option<i64>>(5)?,
            ))
        })? {
            let (raw, first): (RawRow, Option<i64>) = row?;
            created.insert(raw.0.clone(), first);
            rows.push(raw);
        }
        let mut parsed = Loaded::default();
        parse_rows(rows, &mut parsed);
        let mut out: Vec<Change> = parsed
            .events
            .into_iter()
            .map(|event| {
                let first = created.get(&event.id).copied().flatten();
                let created_seq = first
                    .and_then(|s| u64::try_from(s).ok())
                    .or(event.properties.seq)
                    .unwrap_or(0);
                Change::Upsert {
                    event: Box::new(event),
                    created_seq,
                }
            })
            .collect();
        let mut deleted = conn.prepare_cached(
            "SELECT id, seq, deleted FROM tombstones WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        for row in deleted.query_map(params![since, cap], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get(2)?))
        })? {
            let (id, seq, deleted) = row?;
            out.push(Change::Delete {
                id,
                seq: u64::try_from(seq).unwrap_or(0),
                deleted,
            });
        }
        out.sort_by_key(Change::seq);
        out.truncate(limit);
        Ok(out)
    }

    /// The number of the latest change (0 for a store never written).
    pub fn last_seq(&self) -> Result<u64, StoreError> {
        last_seq(&*self.conn()?)
    }
}

/// The number of the store's latest change: the highest `seq` of an event or a tombstone.
/// It never goes down: a deleted event leaves a tombstone numbered after it, and an event
/// written again after its deletion takes a new number.
fn last_seq(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn
        .query_row(
            "SELECT max(coalesce((SELECT max(seq) FROM events), 0),
                        coalesce((SELECT max(seq) FROM tombstones), 0))",
            [],
            |r| r.get(0),
        )
        .map_err(StoreError::from_sqlite)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A change number as SQLite stores it (a signed 64-bit integer).
fn seq_value(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// Server time to the millisecond, as `updated` and tombstones record it.
fn now_millis() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(3)
}

/// Gives a store its change sequence. Stores written before it existed have no `seq`
/// (number of an event's latest write or of a deletion) and `created_seq` (of its first
/// write) columns: they are added with their indexes, and rows without a number get one in
/// the order they were written (their rowid), stamped `updated` with the time of this
/// upgrade. Idempotent, and one transaction: an interrupted upgrade is redone whole.
fn number_changes(conn: &Connection) -> Result<(), StoreError> {
    let has_seq = |table: &str| -> Result<bool, StoreError> {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(1))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(names.iter().any(|n| n == "seq"))
    };
    let tx = conn
        .unchecked_transaction()
        .map_err(StoreError::from_sqlite)?;
    if !has_seq("events")? {
        tx.execute_batch(
            "ALTER TABLE events ADD COLUMN seq INTEGER;
             ALTER TABLE events ADD COLUMN created_seq INTEGER;",
        )
        .map_err(StoreError::from_sqlite)?;
    }
    if !has_seq("tombstones")? {
        tx.execute_batch("ALTER TABLE tombstones ADD COLUMN seq INTEGER;")
            .map_err(StoreError::from_sqlite)?;
    }
    tx.execute_batch(
        "CREATE INDEX IF NOT EXISTS events_seq ON events (seq);
         CREATE INDEX IF NOT EXISTS tombstones_seq ON tombstones (seq);",
    )
    .map_err(StoreError::from_sqlite)?;
    let unnumbered: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM events WHERE seq IS NULL)
             OR EXISTS(SELECT 1 FROM tombstones WHERE seq IS NULL)",
        [],
        |r| r.get(0),
    )?;
    if unnumbered {
        let now = now_millis().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let base = seq_value(last_seq(&tx)?);
        // a row that is not JSON stays as it is (unserved, see load_all)
        tx.execute(
            "UPDATE events SET seq = ?1 + rowid, created_seq = ?1 + rowid,
                 properties = CASE WHEN json_valid(properties)
                     THEN json_set(properties, '$.updated', ?2) ELSE properties END
             WHERE seq IS NULL",
            params![base, now],
        )
        .map_err(StoreError::from_sqlite)?;
        let base = seq_value(last_seq(&tx)?);
        tx.execute(
            "UPDATE tombstones SET seq = ?1 + rowid WHERE seq IS NULL",
            [base],
        )
        .map_err(StoreError::from_sqlite)?;
    }
    tx.commit().map_err(StoreError::from_sqlite)
}

/// Rows read per batch handed to a parser thread.
const LOAD_BATCH: usize = 8_192;

/// A row as read: id, lon, lat, properties JSON, change number.
type RawRow = (String, f64, f64, String, Option<i64>);

/// Parses and checks stored rows into `out`: events, or the reason a row is unreadable.
fn parse_rows(rows: Vec<RawRow>, out: &mut Loaded) {
    for (id, lon, lat, props, seq) in rows {
        let event = serde_json::from_str::<EventProperties>(&props)
            .map_err(|e| e.to_string())
            .map(|mut properties| {
                // the column is what change feeds read: it is the event's number
                properties.seq = seq.and_then(|s| u64::try_from(s).ok());
                properties
            })
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

#[cfg(test)]
mod tests {
    use super::*;

    const OLD_SCHEMA: &str = "CREATE TABLE events (id TEXT PRIMARY KEY NOT NULL,
             lon REAL NOT NULL, lat REAL NOT NULL, event_date TEXT NOT NULL,
             properties TEXT NOT NULL);
         CREATE TABLE tombstones (id TEXT PRIMARY KEY NOT NULL, deleted TEXT NOT NULL);";

    #[test]
    fn a_store_from_before_change_numbers_gets_them_in_write_order() {
        let dir = tempfile::tempdir().expect("dir");
        {
            let conn = Connection::open(dir.path().join("events.sqlite3")).expect("open");
            conn.execute_batch(OLD_SCHEMA).expect("old schema");
            let props = r#"{"event_date":"2024-01-01","event_type":"Battles"}"#;
            for (id, props) in [("old-b", props), ("broken", "{not json"), ("old-a", props)] {
                conn.execute(
                    "INSERT INTO events VALUES (?1, 36.0, 35.0, '2024-01-01', ?2)",
                    [id, props],
                )
                .expect("row");
            }
            conn.execute(
                "INSERT INTO tombstones VALUES ('gone', '2024-01-02T00:00:00Z')",
                [],
            )
            .expect("tombstone");
        }
        let store = Store::open(dir.path()).expect("upgraded");
        let loaded = store.load_all().expect("load");
        let seq = |id: &str| {
            let e = loaded.events.iter().find(|e| e.id == id).expect("event");
            assert!(e.properties.updated.is_some(), "{id} has no updated");
            e.properties.seq.expect("seq")
        };
        // numbered in the order written; the unreadable row keeps its place, unserved
        assert_eq!((seq("old-b"), seq("old-a")), (1, 3));
        assert_eq!(loaded.unreadable.len(), 1);
        assert_eq!(store.last_seq().expect("last"), 4);
        let changes = store.changes(0, 10).expect("changes");
        let listed: Vec<(u64, &str)> = changes
            .iter()
            .map(|c| match c {
                Change::Upsert { event, .. } => (c.seq(), event.id.as_str()),
                Change::Delete { id, .. } => (c.seq(), id.as_str()),
            })
            .collect();
        assert_eq!(listed, [(1, "old-b"), (3, "old-a"), (4, "gone")]);
        // new writes go on from there; opening again changes nothing
        let mut again = vec![loaded.events[0].clone()];
        store.upsert(&mut again).expect("write");
        assert_eq!(again[0].properties.seq, Some(5));
        drop(store);
        let store = Store::open(dir.path()).expect("reopen");
        assert_eq!(store.last_seq().expect("last"), 5);
        assert_eq!(store.changes(4, 10).expect("changes").len(), 1);
    }

    #[test]
    fn change_numbers_never_go_down_and_name_each_change() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(dir.path()).expect("store");
        let event = |id: &str| {
            let json = format!(
                r#"{{"type":"Feature","id":"{id}","geometry":{{"type":"Point","coordinates":[1,2]}},
                    "properties":{{"event_date":"2024-01-01","event_type":"Battles"}}}}"#
            );
            crate::event::parse_features(json.as_bytes())
                .expect("event")
                .remove(0)
        };
        let mut batch = vec![event("a"), event("b")];
        store.upsert(&mut batch).expect("write");
        assert_eq!(batch[1].properties.seq, Some(2));
        // deleting the latest event leaves its tombstone numbered after it
        assert_eq!(store.delete("b").expect("delete"), Some(3));
        assert_eq!(store.delete("b").expect("again"), None);
        assert_eq!(store.last_seq().expect("last"), 3);
        let mut back = vec![event("b")];
        store.upsert(&mut back).expect("write");
        assert_eq!(back[0].properties.seq, Some(4));
        // b is alive again: one entry, a creation numbered 4; a was created at 1
        let changes = store.changes(0, 10).expect("changes");
        assert_eq!(changes.len(), 2);
        match &changes[1] {
            Change::Upsert { event, created_seq } => {
                assert_eq!((event.id.as_str(), *created_seq), ("b", 4));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.changes(1, 1).expect("changes").len(), 1);
        assert!(store.changes(4, 10).expect("changes").is_empty());
    }
}
