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

/// goald's displays (Swedish number forms) in another style, for goalctl's English tables.
@Suite struct RestyledNumberTests {
    @Test(arguments: [
        ("4,2 %", "4.2 %"), ("820 000 kr", "820,000 kr"), ("-1 250 000 kr", "-1,250,000 kr"),
        ("≥ 2,5 %", "≥ 2.5 %"), ("≤ 3 %", "≤ 3 %"), ("1 250,75", "1,250.75"), ("2026-11-20", "2026-11-20"),
        ("år 2026", "år 2026"), ("12 34", "12 34"), ("5.6.3.1", "5.6.3.1"), ("Ja", "Ja"), ("0,125", "0.125"),
    ])
    func swedishFormsReadInEnglish(swedish: String, english: String) {
        #expect(NumberStyle.english.restyled(swedish, from: .swedish) == english)
    }

    @Test func everyShortestFormComesBackInTheOtherStyle() {
        for value in [0.5, 3.4, 1250, 1_234_567.25, -250_000, 999.95, 43.99] {
            #expect(
                NumberStyle.english.restyled(NumberStyle.swedish.shortest(value), from: .swedish)
                    == NumberStyle.english.shortest(value), "\(value)")
        }
    }
}

/// Cells no spreadsheet takes for a formula (OWASP's CSV-injection list, fullwidth and combining forms included).
@Suite struct SpreadsheetTextTests {
    @Test(arguments: [
        "=HYPERLINK(\"http://x\";\"klick\")", "=cmd|' /C calc'!A0", "+1+1", "-1+cmd", "@SUM(A1)", "\t=1", "\r=1",
        "\u{FF1D}1+1", "\u{FF0B}1", "\u{FF0D}1", "\u{FF20}SUM(A1)", "=\u{0301}1+1", "-", "+",
    ])
    func aFormulaLeadingCellIsText(cell: String) {
        let safe = SpreadsheetText.neutralised(cell)
        #expect(safe == "'" + cell)
        #expect(SpreadsheetText.original(safe) == cell)
    }

    @Test func numbersAndPlainTextStayAndEveryLineIsKeptFromFormulas() {
        for cell in ["-3,5", "-250 000", "+12.5", "1250", "Regional utveckling", "a=b", "x-1", "", "'=kept as written"]
        {
            #expect(SpreadsheetText.neutralised(cell) == cell, "\(cell)")
        }
        #expect(SpreadsheetText.neutralised("Resa\n=1+1\nslut") == "Resa\n'=1+1\nslut")
        #expect(SpreadsheetText.original("Resa\n'=1+1\nslut") == "Resa\n=1+1\nslut")
    }
}
