//! The file side of the key ring: a `Write` that seals 64 KiB chunks with STREAM (XChaCha20-Poly1305,
//! BE32 counter) and a `Read` that opens them, failing on truncation, reordering or any flipped bit.

use super::*;

pub(super) fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// Reads until `buf` is full or end of file; returns the number of bytes read.
pub(super) fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Encrypting [`Write`] adapter from [`KeyRing::encrypt_writer`]. Buffers one 64 KiB chunk.
pub struct EncryptWriter<W: Write> {
    pub(super) inner: W,
    pub(super) stream: Option<EncryptorBE32<XChaCha20Poly1305>>, // None after an error
    pub(super) buf: Vec<u8>,
}

impl<W: Write> EncryptWriter<W> {
    /// Seals the final chunk (possibly empty), flushes and returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        let EncryptWriter { mut inner, stream, mut buf } = self;
        let stream = stream.ok_or_else(failed)?;
        stream.encrypt_last_in_place(b"", &mut buf).map_err(|_| io::Error::other("file encryption failed"))?;
        inner.write_all(&buf)?;
        inner.flush()?;
        Ok(inner)
    }

    fn seal_chunk(&mut self) -> io::Result<()> {
        let stream = self.stream.as_mut().ok_or_else(failed)?;
        let sealed = stream.encrypt_next_in_place(b"", &mut self.buf).map_err(|_| io::Error::other("too many chunks"));
        if let Err(e) = sealed.and_then(|()| self.inner.write_all(&self.buf)) {
            self.stream = None;
            return Err(e);
        }
        self.buf.clear();
        Ok(())
    }
}

pub(super) fn failed() -> io::Error {
    io::Error::other("encrypted stream is unusable after an earlier error")
}

impl<W: Write> Write for EncryptWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        // Seal a full chunk only once more data arrives, so that `finish` always has the last chunk.
        if self.buf.len() == CHUNK_LEN {
            self.seal_chunk()?;
        }
        let n = data.len().min(CHUNK_LEN - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        Ok(n)
    }

    /// Flushes the inner writer only: the open chunk is written by a later write or by `finish`.
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub(super) enum State {
    Plain,
    Chunks(DecryptorBE32<XChaCha20Poly1305>),
    Done,
    Failed,
}

/// Decrypting [`Read`] adapter from [`KeyRing::decrypt_reader`]. Holds one chunk in memory.
pub struct DecryptReader<R: Read> {
    pub(super) inner: R,
    pub(super) state: State,
    pub(super) buf: Vec<u8>, // plaintext to hand out from `pos` (a decrypted chunk, or the peeked bytes of a plain file)
    pub(super) pos: usize,
    pub(super) carry: Option<u8>, // first byte of the next frame, read to learn that the current frame is not the last
}

impl<R: Read> DecryptReader<R> {
    /// Whether the underlying data is encrypted (false: a plain file read through unchanged).
    pub fn is_encrypted(&self) -> bool {
        !matches!(self.state, State::Plain)
    }

    fn next_chunk(&mut self) -> io::Result<()> {
        let State::Chunks(mut stream) = std::mem::replace(&mut self.state, State::Failed) else {
            return Err(failed());
        };
        self.pos = 0;
        self.buf.resize(FRAME_LEN + 1, 0); // usually grows from CHUNK_LEN, so little is zeroed
        let start = usize::from(self.carry.is_some());
        if let Some(byte) = self.carry.take() {
            self.buf[0] = byte;
        }
        let len = start + read_full(&mut self.inner, &mut self.buf[start..])?;
        self.buf.truncate(len);
        let opened = if len > FRAME_LEN {
            self.carry = self.buf.pop();
            stream.decrypt_next_in_place(b"", &mut self.buf).map(|()| State::Chunks(stream))
        } else {
            stream.decrypt_last_in_place(b"", &mut self.buf).map(|()| State::Done)
        };
        self.state = opened.map_err(|_| {
            self.buf.clear();
            invalid("encrypted file is truncated, reordered or corrupted (authentication failed)".into())
        })?;
        Ok(())
    }
}

impl<R: Read> Read for DecryptReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        while self.pos == self.buf.len() {
            match self.state {
                State::Plain => return self.inner.read(out),
                State::Chunks(_) => self.next_chunk()?,
                State::Done => return Ok(0),
                State::Failed => return Err(invalid("encrypted file failed to decrypt earlier".into())),
            }
        }
        let avail = &self.buf[self.pos..];
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.pos += n;
        Ok(n)
    }
}
