//! Rendered tiles kept in memory, bounded by their total size, emptied by every write.
//!
//! A generation number guards against a race: a tile rendered from the index as it was
//! before a write must not be stored after the write emptied the cache.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use quick_cache::sync::Cache;
use quick_cache::Weighter;

/// A rendered tile and its entity tag.
#[derive(Debug)]
pub struct TileBody {
    /// Shared, not copied, by every response that sends it.
    pub bytes: bytes::Bytes,
    pub etag: String,
}

#[derive(Clone)]
struct BySize;

impl Weighter<String, Arc<TileBody>> for BySize {
    fn weight(&self, key: &String, value: &Arc<TileBody>) -> u64 {
        (key.len() + value.bytes.len() + value.etag.len() + 64) as u64
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
