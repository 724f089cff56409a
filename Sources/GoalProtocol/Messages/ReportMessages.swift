/// Params of `goald.v1.Reports/Render`.
package struct RenderReportRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// The period reported; absent: the latest period with data (else the current one).
    package var period: String?
    /// `sv` (default) or `en`.
    package var language: String?
    /// `html` (default), `csv` or `md`.
    package var format: String?
    /// True: the region's coordinated report of every committee (HTML), not one committee's.
    package var region: Bool?

    package init(
        period: String? = nil, language: String? = nil, format: String? = nil, committee: String? = nil,
        region: Bool? = nil
    ) {
        self.committee = committee
        self.region = region
        self.period = period
        self.language = language
        self.format = format
    }
}

/// Params of `goald.v1.Reports/RenderAnswer`: a committee's answer to the planning directive as a document.
package struct RenderAnswerRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation); absent: the default committee.
    package var committee: String?
    /// The plan period answered for, `2024-2026`; absent: the committee's latest plan.
    package var plan: String?

    package init(committee: String? = nil, plan: String? = nil) {
        self.committee = committee
        self.plan = plan
    }
}

/// Result of `goald.v1.Reports/Render`: the report as one document.
package struct ReportMessage: Codable, Sendable, Hashable {
    package var period: String
    /// Why this period: `requested`, `latestWithData` or `current`.
    package var periodChosen: String
    package var language: String
    package var format: String
    /// `text/html; charset=utf-8`, `text/csv; charset=utf-8` or `text/markdown; charset=utf-8`.
    package var mediaType: String
    /// A file name for it, such as `uppfoljning-2024-annual.html`.
    package var fileName: String
    /// The document.
    package var content: String

    package init(
        period: String, periodChosen: String, language: String, format: String, mediaType: String,
        fileName: String, content: String
    ) {
        self.period = period
        self.periodChosen = periodChosen
        self.language = language
        self.format = format
        self.mediaType = mediaType
        self.fileName = fileName
        self.content = content
    }
}

/// The way in to the HTTP side door (`goald.v1.Reports/GetHTTPLogin`): whoever may call goald gets its secret.
package struct HTTPLoginMessage: Codable, Sendable, Hashable {
    /// The login link: opened in a browser on this machine, it sets the cookie and goes on to the live page.
    package var url: String
    /// Where the door listens, `HOST:PORT`.
    package var address: String
    /// The secret, for `Authorization: Bearer` (scripts, Prometheus's `credentials_file`).
    package var token: String
    /// The cookie's name: `goald-PORT`.
    package var cookie: String

    package init(url: String, address: String, token: String, cookie: String) {
        self.url = url
        self.address = address
        self.token = token
        self.cookie = cookie
    }
}
