import Testing

@Test func placeholder_AnnoServerTests() { #expect(Bool(true)) }
