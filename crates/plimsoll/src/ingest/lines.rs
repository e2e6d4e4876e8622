//! Splitting blocks of bytes into lines, with a bound on line length.
//!
//! Blocks arrive as they were read; a line may span blocks. Lines within a block
//! are handed out as slices of it (no copy); only a line that spans blocks is
//! copied, into a carry buffer of at most `max_line_bytes`. A longer line is
//! skipped to its end and reported once as [`RawLine::TooLong`], so a 100 MB
//! line costs a scan, not 100 MB of memory.

/// One line of input, without its `\n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content<'a> {
    /// The line's bytes (a trailing `\r` is left for the parser to trim).
    Bytes(&'a [u8]),
    /// A line longer than the bound; its bytes were skipped.
    TooLong { len_bytes: u64 },
}

/// A line and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawLine<'a> {
    pub content: Content<'a>,
    /// 1-based line number.
    pub line_no: u64,
    /// Byte offset of the line's first byte in the input.
    pub offset: u64,
}

/// Splits a stream of blocks into lines. Every byte belongs to exactly one line;
/// a final line without `\n` is a line; an empty input has no lines.
#[derive(Debug)]
pub struct LineSplitter {
    max_line_bytes: usize,
    /// The start of a line that continues in the next block.
    carry: Vec<u8>,
    /// Length so far of a line longer than the bound, when skipping one.
    skipping_len: Option<u64>,
    /// Offset of the first byte of the pending line (carried or skipped).
    pending_offset: u64,
    /// Offset of the next block's first byte.
    offset: u64,
    lines: u64,
}

impl LineSplitter {
    /// A splitter that reports lines over `max_line_bytes` as too long.
    pub fn new(max_line_bytes: usize) -> Self {
        LineSplitter {
            max_line_bytes,
            carry: Vec::new(),
            skipping_len: None,
            pending_offset: 0,
            offset: 0,
            lines: 0,
        }
    }

    /// How many lines have been handed out.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Splits the next block, calling `f` for each line it completes. Stops at
    /// the first error from `f` (the splitter is then in an unspecified state).
    pub fn push<E>(
        &mut self,
        block: &[u8],
        mut f: impl FnMut(RawLine<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let block_offset = self.offset;
        self.offset += u64::try_from(block.len()).unwrap_or(u64::MAX);
        let mut start = 0;
        let mut newlines = memchr::memchr_iter(b'\n', block);
        if self.skipping_len.is_some() || !self.carry.is_empty() {
            let Some(end) = newlines.next() else {
                self.extend_pending(block);
                return Ok(());
            };
            self.extend_pending(&block[..end]);
            start = end + 1;
            let line_no = self.next_line_no();
            let content = match self.skipping_len.take() {
                Some(len_bytes) => Content::TooLong { len_bytes },
                None => Content::Bytes(&self.carry),
            };
            f(RawLine { content, line_no, offset: self.pending_offset })?;
            self.carry.clear();
        }
        for end in newlines {
            let line = &block[start..end];
            let line_no = self.next_line_no();
            let offset = block_offset + to_u64(start);
            let content = if line.len() > self.max_line_bytes {
                Content::TooLong { len_bytes: to_u64(line.len()) }
            } else {
                Content::Bytes(line)
            };
            f(RawLine { content, line_no, offset })?;
            start = end + 1;
        }
        if start < block.len() {
            self.pending_offset = block_offset + to_u64(start);
            self.extend_pending(&block[start..]);
        }
        Ok(())
    }

    /// Hands out the last line if the input did not end with `\n`.
    pub fn finish<E>(&mut self, mut f: impl FnMut(RawLine<'_>) -> Result<(), E>) -> Result<(), E> {
        if self.skipping_len.is_none() && self.carry.is_empty() {
            return Ok(());
        }
        let line_no = self.next_line_no();
        let content = match self.skipping_len.take() {
            Some(len_bytes) => Content::TooLong { len_bytes },
            None => Content::Bytes(&self.carry),
        };
        f(RawLine { content, line_no, offset: self.pending_offset })?;
        self.carry.clear();
        Ok(())
    }

    fn next_line_no(&mut self) -> u64 {
        self.lines += 1;
        self.lines
    }

    /// Adds bytes to the pending line, switching to skipping past the bound.
    fn extend_pending(&mut self, bytes: &[u8]) {
        if let Some(len) = &mut self.skipping_len {
            *len += to_u64(bytes.len());
        } else if self.carry.len() + bytes.len() > self.max_line_bytes {
            self.skipping_len = Some(to_u64(self.carry.len() + bytes.len()));
            // Give back the memory: a long line should not pin a large carry.
            self.carry = Vec::new();
        } else {
            self.carry.extend_from_slice(bytes);
        }
    }
}

fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Got {
        Line(u64, u64, Vec<u8>),
        Long(u64, u64, u64),
    }

    fn split(blocks: &[&[u8]], max: usize) -> Vec<Got> {
        let mut s = LineSplitter::new(max);
        let mut out = Vec::new();
        let mut take = |l: RawLine<'_>| -> Result<(), ()> {
            out.push(match l.content {
                Content::Bytes(b) => Got::Line(l.line_no, l.offset, b.to_vec()),
                Content::TooLong { len_bytes } => Got::Long(l.line_no, l.offset, len_bytes),
            });
            Ok(())
        };
        for b in blocks {
            s.push(b, &mut take).unwrap();
        }
        s.finish(&mut take).unwrap();
        out
    }

    #[test]
    fn lines_within_and_across_blocks() {
        let got = split(&[b"ab\ncd", b"e\n\nfg"], 10);
        assert_eq!(
            got,
            vec![
                Got::Line(1, 0, b"ab".to_vec()),
                Got::Line(2, 3, b"cde".to_vec()),
                Got::Line(3, 7, b"".to_vec()),
                Got::Line(4, 8, b"fg".to_vec()),
            ]
        );
    }

    #[test]
    fn empty_input_has_no_lines_and_trailing_newline_adds_none() {
        assert!(split(&[], 10).is_empty());
        assert!(split(&[b""], 10).is_empty());
        assert_eq!(split(&[b"a\n"], 10), vec![Got::Line(1, 0, b"a".to_vec())]);
    }

    #[test]
    fn long_lines_are_skipped_not_stored() {
        let got = split(&[b"ok\n0123456789abc\nok"], 10);
        assert_eq!(got[1], Got::Long(2, 3, 13));
        assert_eq!(got[2], Got::Line(3, 17, b"ok".to_vec()));
        // a long line across many blocks, without a final newline
        let chunk = [b'x'; 7];
        let blocks: Vec<&[u8]> = vec![b"a\n", &chunk, &chunk, &chunk, b"\nb\n", &chunk, &chunk];
        let got = split(&blocks, 10);
        assert_eq!(
            got,
            vec![
                Got::Line(1, 0, b"a".to_vec()),
                Got::Long(2, 2, 21),
                Got::Line(3, 24, b"b".to_vec()),
                Got::Long(4, 26, 14),
            ]
        );
    }

    #[test]
    fn carry_is_bounded() {
        let mut s = LineSplitter::new(16);
        let big = vec![b'y'; 1 << 20];
        for _ in 0..8 {
            s.push(&big, |_| Ok::<(), ()>(())).unwrap();
            assert!(s.carry.capacity() <= 32);
        }
        let mut n = 0;
        s.finish(|l| {
            assert_eq!(l.content, Content::TooLong { len_bytes: 8 << 20 });
            n += 1;
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(n, 1);
    }

    proptest::proptest! {
        #[test]
        fn same_lines_whatever_the_block_boundaries(data in proptest::collection::vec(proptest::prop_oneof![Just(b'\n'), proptest::num::u8::ANY], 0..300), cut in 1usize..50) {
            let whole = split(&[&data], 1000);
            let blocks: Vec<&[u8]> = data.chunks(cut).collect();
            proptest::prop_assert_eq!(&split(&blocks, 1000), &whole);
            let expected = data.split(|&c| c == b'\n').count() - usize::from(data.last().is_none_or(|&c| c == b'\n'));
            proptest::prop_assert_eq!(whole.len(), expected);
        }
    }
    use proptest::strategy::Just;
}
