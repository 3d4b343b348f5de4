use super::*;

/// Hands out one byte per read.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((&b, rest)), Some(slot)) => {
                *slot = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

fn convert(input: &[u8]) -> String {
    let mut whole = String::new();
    LineNormalizer::new(input, b';').read_to_string(&mut whole).unwrap();
    let mut trickled = String::new();
    LineNormalizer::new(Trickle(input), b';').read_to_string(&mut trickled).unwrap();
    assert_eq!(whole, trickled);
    whole
}

#[test]
fn crlf_and_cr_become_lf() {
    assert_eq!(convert(b"a;b\r\nc;d\re;f\n"), "a;b\nc;d\ne;f\n");
    assert_eq!(convert(b"a\r"), "a\n");
    assert_eq!(convert(b""), "");
}

#[test]
fn empty_lines_outside_quotes_get_a_space() {
    assert_eq!(convert(b"\r\na\r\n\r\n\r\nb\n\n"), " \na\n \n \nb\n \n");
}

#[test]
fn line_breaks_inside_quotes_are_kept() {
    assert_eq!(convert(b"1;\"x\r\n\r\ny\";2\r\n\r\n"), "1;\"x\n\ny\";2\n \n");
    // Escaped quotes do not end the quoted field.
    assert_eq!(convert(b"\"a\"\"\n\n\"\"b\"\n\n"), "\"a\"\"\n\n\"\"b\"\n \n");
    // A quote inside an unquoted field is a literal character.
    assert_eq!(convert(b"ab\"c;d\n\ne\n"), "ab\"c;d\n \ne\n");
    // After a closing quote, other characters continue the (now unquoted) field.
    assert_eq!(convert(b"\"a\"b\n\nc"), "\"a\"b\n \nc");
}

#[test]
fn large_inputs_pass_through() {
    let input = b"abc;\"d\r\ne\";f\r\n\r\n".repeat(10_000);
    assert_eq!(convert(&input), "abc;\"d\ne\";f\n \n".repeat(10_000));
}
