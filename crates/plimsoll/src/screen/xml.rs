//! A bounded, streaming walk over an XML list: element opens and closes with
//! the element's text, nesting and text lengths bounded, a truncated file an
//! error at its last byte.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::error::{Error, ErrorKind};
use super::normalize::decode_text;
use super::FIELD_BYTES_MAX;

/// Deeper than any list format nests.
pub(crate) const DEPTH_MAX: usize = 32;

/// One step of the walk.
#[derive(Debug, PartialEq)]
pub(crate) enum Step {
    /// An element opened (its local name and attributes).
    Open {
        name: String,
        attributes: Vec<(String, String)>,
    },
    /// An element closed, with the text directly inside it, trimmed.
    Close {
        name: String,
        text: String,
    },
    End,
}

pub(crate) struct XmlWalk<R> {
    reader: Reader<R>,
    buf: Vec<u8>,
    stack: Vec<String>,
    text: String,
    /// A self-closing element's close, handed out on the next call.
    pending_close: Option<String>,
}

impl<R: BufRead> XmlWalk<R> {
    pub(crate) fn new(input: R) -> XmlWalk<R> {
        let mut reader = Reader::from_reader(input);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.trim_text(false);
        XmlWalk { reader, buf: Vec::new(), stack: Vec::new(), text: String::new(), pending_close: None }
    }

    /// Byte offset of the reader in the input.
    pub(crate) fn offset(&self) -> u64 {
        self.reader.buffer_position()
    }

    pub(crate) fn error(&self, kind: ErrorKind) -> Error {
        Error::at_byte(kind, self.offset())
    }

    fn push_text(&mut self, text: &str) -> Result<(), Error> {
        if self.text.len() + text.len() > FIELD_BYTES_MAX {
            let field = "element text";
            return Err(self.error(ErrorKind::TooLong { field, limit_bytes: FIELD_BYTES_MAX }));
        }
        self.text.push_str(text);
        Ok(())
    }

    fn open(
        &mut self,
        name: String,
        attributes: Vec<(String, String)>,
        empty: bool,
        at: u64,
    ) -> Result<Step, Error> {
        self.text.clear();
        if empty {
            self.pending_close = Some(name.clone());
        } else {
            if self.stack.len() >= DEPTH_MAX {
                return Err(Error::at_byte(ErrorKind::TooDeep { limit: DEPTH_MAX }, at));
            }
            self.stack.push(name.clone());
        }
        Ok(Step::Open { name, attributes })
    }

    pub(crate) fn next(&mut self) -> Result<Step, Error> {
        if let Some(name) = self.pending_close.take() {
            return Ok(Step::Close { name, text: String::new() });
        }
        loop {
            self.buf.clear();
            let at = self.reader.buffer_position();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => return Err(Error::at_byte(ErrorKind::Xml(e), at)),
            };
            match event {
                Event::Start(start) => {
                    let (name, attributes) = owned_tag(&start, at)?;
                    return self.open(name, attributes, false, at);
                }
                Event::Empty(start) => {
                    let (name, attributes) = owned_tag(&start, at)?;
                    return self.open(name, attributes, true, at);
                }
                Event::End(_) => {
                    let name = self.stack.pop().unwrap_or_default();
                    let text = self.text.trim().to_owned();
                    self.text.clear();
                    return Ok(Step::Close { name, text });
                }
                Event::Text(text) => {
                    let decoded = text.decode().map_err(|e| Error::at_byte(ErrorKind::Xml(e.into()), at))?;
                    let decoded = decoded.into_owned();
                    self.push_text(&decoded)?;
                }
                Event::CData(data) => {
                    let decoded = decode_text(&data).into_owned();
                    self.push_text(&decoded)?;
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => match &*reference {
                            b"amp" => "&".to_owned(),
                            b"lt" => "<".to_owned(),
                            b"gt" => ">".to_owned(),
                            b"quot" => "\"".to_owned(),
                            b"apos" => "'".to_owned(),
                            // An entity the file does not define: keep it as written.
                            other => format!("&{};", decode_text(other)),
                        },
                        Err(e) => return Err(Error::at_byte(ErrorKind::Xml(e), at)),
                    };
                    self.push_text(&resolved)?;
                }
                Event::Eof => {
                    return match self.stack.last() {
                        Some(open) => Err(Error::at_byte(
                            ErrorKind::TruncatedXml { open_element: open.clone() },
                            self.reader.buffer_position(),
                        )),
                        None => Ok(Step::End),
                    };
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
    }
}

/// A tag's local name and attributes (values unescaped), owned.
fn owned_tag(start: &BytesStart<'_>, at: u64) -> Result<(String, Vec<(String, String)>), Error> {
    let name = decode_text(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| Error::at_byte(ErrorKind::Xml(e.into()), at))?;
        let value =
            attribute.unescape_value().map_err(|e| Error::at_byte(ErrorKind::Xml(e), at))?.into_owned();
        attributes.push((decode_text(attribute.key.local_name().as_ref()).into_owned(), value));
    }
    Ok((name, attributes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(xml: &str) -> Result<Vec<Step>, Error> {
        let mut walk = XmlWalk::new(xml.as_bytes());
        let mut steps = Vec::new();
        loop {
            match walk.next()? {
                Step::End => return Ok(steps),
                step => steps.push(step),
            }
        }
    }

    #[test]
    fn text_entities_and_empty_elements() {
        let steps = walk("<a x=\"1 &amp; 2\"><b>X &amp; Y &#65;</b><c/></a>").unwrap();
        assert_eq!(
            steps,
            [
                Step::Open { name: "a".into(), attributes: vec![("x".into(), "1 & 2".into())] },
                Step::Open { name: "b".into(), attributes: vec![] },
                Step::Close { name: "b".into(), text: "X & Y A".into() },
                Step::Open { name: "c".into(), attributes: vec![] },
                Step::Close { name: "c".into(), text: String::new() },
                Step::Close { name: "a".into(), text: String::new() },
            ]
        );
    }

    #[test]
    fn truncated_is_an_error_with_its_offset() {
        let e = walk("<a><b>text</b><c>more").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::TruncatedXml { ref open_element } if open_element == "c"), "{e}");
        assert_eq!(e.location.byte_offset, Some(21));
        let e = walk("<a><b>text</c></a>").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Xml(_)), "{e}");
    }
}
