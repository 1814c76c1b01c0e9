import Testing

@Test func placeholder_AnnoJSONTests() { #expect(Bool(true)) }
