/// The catalogue every Anno binary carries: the seven documents of the Wilson Center Digital
/// Archive search result in shared/seed, titles and summaries exactly as the archive gives them.
///
/// It is compiled in as text (no resource bundle, so the binary works wherever it is copied) and
/// read by the same loader as any catalogue file. Ids are stable: notes and tools may rely on them.
public enum BundledCatalogue {
    public static let name = "Wilson Center Digital Archive (bundled)"

    public static let json = #"""
{
  "name": "Wilson Center Digital Archive (bundled)",
  "documents": [
    {
      "id": "wilson:1996-kapto-recollections",
      "date": "1996",
      "title": "Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto",
      "summary": "Aleksandr Kapto reflects on the Soviet Union's normalization of relations with South Korea, and the consequential fallout in relations between North Korea and the USSR. According to Kapto, North Korea threatened to develop nuclear weapons and withdraw from the NPT as a result of Soviet-South Korean rapprochement.",
      "archive": "Wilson Center Digital Archive"
    },
    {
      "id": "wilson:1947-05-12-cable-121973",
      "date": "1947-05-12",
      "title": "Cable No. 121973, Meretskov and Shytkov to Cde. Stalin",
      "summary": "A request to send Soviet specialists to North Korea. The DPRK especially needs engineers to help them build railways. Shtykov notes that if the Koreans don’t receive aid from the Soviets, they'll turn to the Americans.",
      "archive": "Wilson Center Digital Archive"
    },
    {
      "id": "wilson:1967-11-20-gromyko-pak-seong-cheol",
      "date": "1967-11-20",
      "title": "Record of Conversation Between A.A. Gromyko and Deputy Chairman of the Cabinet of Ministers, Minister of Foreign Affairs of the DPRK Comrade Pak Seong-cheol",
      "summary": "A record of conversation on the question of the withdrawal of the US troops from South Korea and the tense situation along the demarcation line.",
      "archive": "Wilson Center Digital Archive"
    },
    {
      "id": "wilson:1960-06-12-economic-political-situation-dprk",
      "date": "1960-06-12",
      "title": "The Economic and Political Situation of the DPRK",
      "summary": "The memorandum elaborates on the rapid economic growth and development in domestic policies in the DPRK after the Korean War.",
      "archive": "Wilson Center Digital Archive"
    },
    {
      "id": "wilson:1955-04-06-nature-of-our-revolution",
      "date": "1955-04-06",
      "title": "The Nature of Our Revolution at the Current Stage and the Primary Tasks of Our Party in the Cause of Socialist Development in North Korea",
      "summary": "Suzdalev comments on the problems with a KWP CC document, \"The Nature of Our Revolution at the Current Stage and the Primary Tasks of Our Party in the Cause of Socialist Development in North Korea\".",
      "archive": "Wilson Center Digital Archive"
    },
    {
      "id": "wilson:1960-05-02-puzanov-journal",
      "date": "1960-05-02",
      "title": "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960",
      "summary": "Kim Il Sung and Puzanov discuss events in South Korea, North Korea's Seven-Year Plan, Soviet-Korean relations, and Kim's health problems.",
      "archive": "Wilson Center Digital Archive"
    },
    {
      "id": "wilson:1960-06-17-tkachenko-korean-peninsula",
      "date": "1960-06-17",
      "title": "Excerpts from V.P. Tkachenko 'The Korean Peninsula and Russia's Interests'",
      "summary": "A compilation of conversations between various officials from the USSR and DPRK in terms of the USSR-DPRK treaty and its implications on the US-ROK relationship.",
      "archive": "Wilson Center Digital Archive"
    }
  ]
}
"""#
}

extension BundledCatalogue {
    /// Names this text (a hash of it), so that an index cached with the bundled catalogue
    /// merged is not reused by a binary that carries another.
    public static let fingerprint: String = "bundled \(String(StableHash.hash(json), radix: 16))"
}

/// Anno's version, for `--version`, the server's `serverInfo` and the index cache's key.
public enum AnnoVersion {
    public static let string = "0.1.0"
}
