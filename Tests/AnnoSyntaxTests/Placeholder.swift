import Testing

@Test func placeholder_AnnoSyntaxTests() { #expect(Bool(true)) }
