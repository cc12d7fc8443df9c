// Package vntext prepares Vietnamese text for reading aloud on ward loudspeakers.
//
// It has three jobs:
//
//   - Decoding: Decode detects UTF-8 (NFC or NFD), UTF-16 with a byte-order mark,
//     Windows-1258 and the legacy encodings still found in government documents —
//     TCVN3 (TCVN 5712:1993, the ABC/.VnTime fonts), VNI-Windows and VIQR — and
//     returns NFC text. Encode writes them back (used by the tests).
//   - Normalization: a Normalizer turns written text into the form the announcer
//     reads, so that the printed script is exactly what is spoken and its syllables
//     can be counted: numbers, dates, times, money, units, telephone numbers, web and
//     e-mail addresses, document codes (907/STTTT-CNTT-BCVT), administrative
//     abbreviations (UBND, KT., V/v), acronyms (OTP → ô tê pê), Roman numerals
//     (Khóa XV) and headings in capitals. Spans aligns each spoken piece with the
//     written text it comes from.
//   - Measuring: Syllables counts a spoken form, Sentences splits it, LongSentences
//     finds the sentences listeners lose.
//
// The default reading is the northern broadcast norm (Đài Tiếng nói Việt Nam); every
// regional or disputed choice is an Option: the southern "lẻ"/"ngàn", the tone
// placement hòa/hoà, "mùng"/"mồng" before days 1–10, "tư"/"bốn" after "mươi".
// Where the norm is disputed the choice made is documented at the rule.
//
// Normalize always returns valid UTF-8 in NFC, and is idempotent:
// Normalize(Normalize(x)) == Normalize(x).
package vntext
