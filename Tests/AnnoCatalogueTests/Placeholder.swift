import Testing

@Test func placeholder_AnnoCatalogueTests() { #expect(Bool(true)) }
