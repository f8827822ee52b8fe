import CardSim
import LDS
import Testing
import VNID

/// Property: DG13 and QR parsing return or throw on any input; they never trap.
@Suite("VNID parsers on mutated input")
struct VNIDMutationTests {
    /// Every byte of every sample DG13 replaced by length-like and tag-like values, removed, or the file cut there.
    @Test("every single-byte mutation and truncation of DG13 only throws or returns")
    func dg13() {
        var thrown = 0, returned = 0
        for p in CitizenSample.samples {
            let file = LDSBuilder.dg13(for: p)
            for i in file.indices {
                var variants: [[UInt8]] = [Array(file.prefix(i)), Array(file[..<i] + file[(i + 1)...])]
                for v: UInt8 in [0x00, 0x02, 0x0C, 0x13, 0x30, 0x7F, 0x80, 0x81, 0x84, 0xFF] {
                    var b = file
                    b[i] = v
                    variants.append(b)
                    variants.append(Array(file[..<i] + [v] + file[i...]))
                }
                for b in variants {
                    do {
                        _ = Citizen(dg13: try DG13(derEncoded: b), mrz: nil)
                        returned += 1
                    } catch { thrown += 1 }
                }
            }
        }
        #expect(thrown > 0 && returned > 0)
    }

    @Test("every single-character change of the QR texts only throws or returns")
    func qr() {
        for p in CitizenSample.samples {
            let chars = Array(p.qrText)
            for i in chars.indices {
                for c: Character in ["|", "0", "/", " ", "a", "ữ", "\n"] {
                    var changed = chars
                    changed[i] = c
                    _ = try? CCCDQRCode(text: String(changed))
                }
                _ = try? CCCDQRCode(text: String(chars.prefix(i)))
            }
        }
    }
}
