import Testing

@Test func placeholder_AnnoProtocolTests() { #expect(Bool(true)) }
