import GoalNumbers
import Testing

/// The one number formatting: what the report, the domain's texts and goalctl's tables print.
@Suite struct NumberStyleTests {
    @Test(arguments: [
        (1250.5, 1, "1 250,5"), (-3.25, 1, "-3,2"), (0.004, 2, "0,00"), (-0.004, 2, "0,00"),
        (1_234_567, 0, "1 234 567"), (999.95, 1, "1 000,0"), (43.99, 2, "43,99"),
    ])
    func fixedDecimalsTheSwedishWay(value: Double, decimals: Int, expected: String) {
        #expect(NumberStyle.swedish.fixed(value, decimals: decimals) == expected)
    }

    @Test func typesetStylesUseANoBreakSpaceAndATrueMinus() {
        #expect(NumberStyle.swedishTypeset.fixed(-1250.5, decimals: 1) == "−1\u{00A0}250,5")
        #expect(NumberStyle.englishTypeset.fixed(-1250.5, decimals: 1) == "−1,250.5")
    }

    @Test(arguments: [(3.4, "3,4"), (80, "80"), (1250, "1 250"), (0.125, "0,125"), (-7, "-7"), (1e20, "1e+20")])
    func shortestReadsBackTheSame(value: Double, expected: String) {
        #expect(NumberStyle.swedish.shortest(value) == expected)
    }

    @Test func whatIsNotANumberIsADash() {
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(NumberStyle.swedish.fixed(value, decimals: 1) == "–")
            #expect(NumberStyle.swedishTypeset.shortest(value) == "–")
        }
    }
}
