import Testing

@Test func placeholder_AnnoCheckTests() { #expect(Bool(true)) }
