//! Rendered tiles kept in memory, bounded by their total size, emptied by every write. A
//! cached tile also keeps its gzip form once a client has asked for it, so browsers (which all
//! ask for gzip) get a cached tile without it being compressed again for every answer.
//!
//! A generation number guards against a race: a tile rendered from the index as it was
//! before a write must not be stored after the write emptied the cache.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use quick_cache::sync::Cache;
use quick_cache::Weighter;

/// A rendered tile, its entity tag, and its gzip form once asked for.
#[derive(Debug)]
pub struct TileBody {
    /// Shared, not copied, by every response that sends it.
    pub bytes: bytes::Bytes,
    pub etag: String,
    /// The entity tag of the gzip form: a strong tag must differ between encodings.
    pub gzip_etag: String,
    gzipped: OnceLock<bytes::Bytes>,
}

impl TileBody {
    pub fn new(bytes: bytes::Bytes, etag: String) -> Self {
        let gzip_etag = match etag.strip_suffix('"') {
            Some(open) => format!("{open}-gzip\""),
            None => format!("{etag}-gzip"),
        };
        TileBody {
            bytes,
            etag,
            gzip_etag,
            gzipped: OnceLock::new(),
        }
    }

    /// The tile compressed with gzip, made on the first call and kept with the tile.
    pub fn gzipped(&self) -> &bytes::Bytes {
        self.gzipped.get_or_init(|| {
            let mut gz = flate2::write::GzEncoder::new(
                Vec::with_capacity(self.bytes.len() / 2 + 64),
                flate2::Compression::default(),
            );
            // writing into a Vec cannot fail
            let written = gz.write_all(&self.bytes).and_then(|()| gz.finish());
            written.map(bytes::Bytes::from).unwrap_or_default()
        })
    }
}

#[derive(Clone)]
struct BySize;

impl Weighter<String, Arc<TileBody>> for BySize {
    /// A tile is weighed with room for its gzip form (never larger than the tile but for a
    /// few bytes of header), which may be added after it is stored: the cache's bound holds.
    fn weight(&self, key: &String, value: &Arc<TileBody>) -> u64 {
        (key.len() + 2 * value.bytes.len() + value.etag.len() + value.gzip_etag.len() + 128) as u64
    }
}

/// The tile cache.
pub struct TileCache {
    tiles: Option<Cache<String, Arc<TileBody>, BySize>>,
    generation: AtomicU64,
}

impl TileCache {
    /// A cache of at most `bytes` bytes of tiles; 0 turns caching off.
    pub fn new(bytes: u64) -> Self {
        let tiles = (bytes > 0)
            .then(|| Cache::with_weighter((bytes / 4096).max(16) as usize, bytes, BySize));
        TileCache {
            tiles,
            generation: AtomicU64::new(0),
        }
    }

    /// The generation to pass to [`TileCache::insert`] for a tile about to be rendered.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn get(&self, key: &str) -> Option<Arc<TileBody>> {
        self.tiles.as_ref()?.get(key)
    }

    /// Stores a tile unless a write happened since `generation` was read.
    pub fn insert(&self, key: String, body: Arc<TileBody>, generation: u64) {
        if let Some(tiles) = &self.tiles {
            if self.generation() == generation {
                tiles.insert(key.clone(), body);
                // a write that raced the insert: its clear may have run first
                if self.generation() != generation {
                    tiles.remove(&key);
                }
            }
        }
    }

    /// Forgets every tile (after a write).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(tiles) = &self.tiles {
            tiles.clear();
        }
    }
}
