//! Reading an input's bytes: from a file or stdin, hashed (SHA-256 of the bytes
//! as stored) and decompressed (gzip or zstd, told by magic bytes, not by name),
//! in large blocks on a thread of its own.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};

/// Bytes per block handed from the reader thread to the decoding thread.
pub(crate) const BLOCK_BYTES: usize = 1 << 20;
/// Blocks in flight between the threads (bounds the memory between them).
pub(crate) const BLOCKS_IN_FLIGHT: usize = 4;

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    /// A file.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl InputSource {
    /// `-` is stdin; anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            InputSource::Stdin
        } else {
            InputSource::Path(PathBuf::from(arg))
        }
    }

    /// The input as named to the user: its path, or `-`.
    pub fn name(&self) -> String {
        match self {
            InputSource::Path(p) => p.display().to_string(),
            InputSource::Stdin => "-".to_owned(),
        }
    }
}

/// How the input's bytes were compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// Tells the compression from the first bytes of the content.
    pub fn detect(magic: &[u8]) -> Compression {
        if magic.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// `none`, `gzip` or `zstd`.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// SHA-256 and size of a file's bytes.
pub fn hash_file(path: &Path) -> io::Result<([u8; 32], u64)> {
    let mut file = File::open(path)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; BLOCK_BYTES];
    let mut size_bytes = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        sha.update(&buf[..n]);
        size_bytes += u64::try_from(n).unwrap_or(0);
    }
    Ok((sha.finalize().into(), size_bytes))
}

/// Passes bytes through, hashing and counting them.
struct HashingReader<'a> {
    inner: Box<dyn Read + Send>,
    sha: Sha256,
    size_bytes: u64,
    /// Shared with the decoding thread, for progress.
    progress: &'a AtomicU64,
    /// Whether reading the raw bytes failed (rather than decompressing them).
    failed: bool,
}

impl Read for HashingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                // `Read` promises n <= buf.len(); a reader that breaks it fails.
                let read = buf
                    .get(..n)
                    .ok_or_else(|| io::Error::other("a reader returned more bytes than asked"))?;
                self.sha.update(read);
                self.size_bytes += u64::try_from(n).unwrap_or(0);
                self.progress.store(self.size_bytes, Ordering::Relaxed);
                Ok(n)
            }
            Err(e) => {
                self.failed = e.kind() != io::ErrorKind::Interrupted;
                Err(e)
            }
        }
    }
}

/// The magic bytes read ahead, then the rest.
type Raw<'a> = io::Chain<io::Cursor<Vec<u8>>, HashingReader<'a>>;

enum Decompressor<'a> {
    Plain(Raw<'a>),
    Gzip(MultiGzDecoder<Raw<'a>>),
    Zstd(zstd::stream::read::Decoder<'static, BufReader<Raw<'a>>>),
}

impl<'a> Decompressor<'a> {
    fn into_hashing(self) -> HashingReader<'a> {
        let raw = match self {
            Decompressor::Plain(r) => r,
            Decompressor::Gzip(d) => d.into_inner(),
            Decompressor::Zstd(d) => d.finish().into_inner(),
        };
        raw.into_inner().1
    }
}

impl Read for Decompressor<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decompressor::Plain(r) => r.read(buf),
            Decompressor::Gzip(d) => d.read(buf),
            Decompressor::Zstd(d) => d.read(buf),
        }
    }
}

/// Why reading stopped early.
#[derive(Debug)]
pub(crate) enum ReadFailure {
    /// Reading the bytes failed: the input cannot be trusted as read.
    Io(io::Error),
    /// The bytes are not a valid compressed stream (e.g. truncated): what came
    /// before is good, and the report says where it ended.
    Data(io::Error),
}

/// The end of an input, after its last block.
#[derive(Debug)]
pub(crate) struct Ending {
    pub(crate) sha256: [u8; 32],
    pub(crate) size_bytes: u64,
    pub(crate) compression: Compression,
    pub(crate) failure: Option<ReadFailure>,
}

/// What the reader thread sends.
pub(crate) enum Chunk {
    /// A buffer and how many of its bytes are content.
    Block(Vec<u8>, usize),
    End(Ending),
}

/// Reads up to `buf.len()` bytes, fewer only at the end or on an error.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> (usize, Option<io::Error>) {
    let mut n = 0;
    while n < buf.len() {
        match r.read(buf.get_mut(n..).unwrap_or_default()) {
            Ok(0) => break,
            // Clamped: `Read` promises k fits, and the caller slices by n.
            Ok(k) => n = (n + k).min(buf.len()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (n, Some(e)),
        }
    }
    (n, None)
}

/// The reader thread: reads `raw` to its end, decompressing, and sends blocks
/// (reusing buffers that come back on `free`), then the [`Ending`]. The whole
/// raw input is hashed even when decompression stops early. Returns when done
/// or when the receiver hangs up.
pub(crate) fn read_blocks(
    raw: Box<dyn Read + Send>,
    blocks: SyncSender<Chunk>,
    free: Receiver<Vec<u8>>,
    progress: &AtomicU64,
) {
    let mut hashing =
        HashingReader { inner: raw, sha: Sha256::new(), size_bytes: 0, progress, failed: false };
    let mut magic = vec![0u8; 4];
    let (n, error) = fill(&mut hashing, &mut magic);
    if let Some(e) = error {
        let ending = Ending {
            sha256: [0; 32],
            size_bytes: 0,
            compression: Compression::None,
            failure: Some(ReadFailure::Io(e)),
        };
        // A closed receiver has stopped caring; nothing to do about it here.
        let _ = blocks.send(Chunk::End(ending));
        return;
    }
    magic.truncate(n);
    let compression = Compression::detect(&magic);
    let raw = io::Cursor::new(magic).chain(hashing);
    let mut reader = match compression {
        Compression::None => Decompressor::Plain(raw),
        Compression::Gzip => Decompressor::Gzip(MultiGzDecoder::new(raw)),
        Compression::Zstd => match zstd::stream::read::Decoder::new(raw) {
            Ok(d) => Decompressor::Zstd(d),
            Err(e) => {
                // Only fails to allocate its context; the input is lost with it,
                // and an I/O failure aborts the ingest, so no hash is needed.
                let ending =
                    Ending { sha256: [0; 32], size_bytes: 0, compression, failure: Some(ReadFailure::Io(e)) };
                let _ = blocks.send(Chunk::End(ending));
                return;
            }
        },
    };
    let error = loop {
        let mut buf = free.try_recv().unwrap_or_else(|_| vec![0u8; BLOCK_BYTES]);
        let (n, read_error) = fill(&mut reader, &mut buf);
        if n > 0 && blocks.send(Chunk::Block(buf, n)).is_err() {
            return;
        }
        if read_error.is_some() || n < BLOCK_BYTES {
            break read_error;
        }
    };
    let mut hashing = reader.into_hashing();
    // Hash what the decompressor left unread, so the hash covers the file.
    let rest = io::copy(&mut hashing, &mut io::sink());
    let failure = match (error, rest) {
        (_, Err(e)) => Some(ReadFailure::Io(e)),
        (Some(e), _) if hashing.failed => Some(ReadFailure::Io(e)),
        (Some(e), _) => Some(ReadFailure::Data(e)),
        (None, Ok(0)) => None,
        (None, Ok(n)) => Some(ReadFailure::Data(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{n} bytes after the end of the compressed data"),
        ))),
    };
    let ending = Ending {
        sha256: hashing.sha.finalize().into(),
        size_bytes: hashing.size_bytes,
        compression,
        failure,
    };
    let _ = blocks.send(Chunk::End(ending));
}
