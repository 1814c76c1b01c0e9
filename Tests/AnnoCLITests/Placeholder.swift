import Testing

@Test func placeholder_AnnoCLITests() { #expect(Bool(true)) }
