<?xml version="1.0" encoding="UTF-8"?>
<!-- The Feedback Intake report (feedback-intake-report.rng) as one
     self-contained HTML page: inline CSS, no scripts, nothing fetched.
     Every heading and label is a parameter; the application passes them
     translated, and the defaults here are the English ones, so the sheet
     also runs on its own:  xsltproc report-html.xsl report.xml -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:r="https://argylepr.com/ns/feedback-intake/report/1"
                exclude-result-prefixes="r">

  <xsl:output method="html" encoding="UTF-8" indent="yes"
              doctype-system="about:legacy-compat"/>

  <xsl:param name="lang" select="'en'"/>
  <xsl:param name="decimal-point" select="'.'"/>
  <xsl:param name="percent-sign" select="'%'"/>
  <xsl:param name="suppressed" select="concat('&lt;', /r:report/@threshold)"/>
  <xsl:param name="t-suppressed-note"
             select="concat('A cell marked “&lt;', /r:report/@threshold, '” stands for 1 to ',
                            /r:report/@threshold - 1,
                            ' submissions: counts this small are withheld so that nobody can be identified.')"/>
  <!-- {date} and {generator} are filled in. -->
  <xsl:param name="t-byline" select="'Generated on {date} by {generator}'"/>
  <xsl:param name="t-not-redacted" select="'This report is not redacted: it contains personal information.'"/>
  <xsl:param name="t-not-redacted-detail"
             select="'Names, e-mail addresses, phone numbers and postal codes appear as the submissions wrote them. Share it only with people allowed to read the submissions.'"/>
  <xsl:param name="t-redacted" select="'Personal information is redacted; submissions are named by pseudonymous ids.'"/>
  <xsl:param name="t-contents" select="'Contents'"/>
  <xsl:param name="t-summary" select="'The consultation at a glance'"/>
  <xsl:param name="t-codes" select="'Code frequencies'"/>
  <xsl:param name="t-agreement" select="'Agreement between reviewers'"/>
  <!-- {reviewers} and {submissions} are filled in. -->
  <xsl:param name="t-agreement-note"
             select="'How far {reviewers} agree, over the {submissions} submissions all of them coded: percent agreement, Cohen’s kappa (two reviewers) and Krippendorff’s alpha.'"/>
  <xsl:param name="t-agreement-low" select="'Below 0.667, the level under which Krippendorff counts agreement too low for even tentative conclusions.'"/>
  <xsl:param name="t-all-codes" select="'All codes'"/>
  <xsl:param name="t-level" select="'Level'"/>
  <xsl:param name="t-level-submission" select="'Submission'"/>
  <xsl:param name="t-level-character" select="'Character'"/>
  <xsl:param name="t-percent-agreement" select="'Agreement'"/>
  <xsl:param name="t-kappa" select="'Kappa'"/>
  <xsl:param name="t-alpha" select="'Alpha'"/>
  <xsl:param name="t-units" select="'Units'"/>
  <xsl:param name="t-too-few-units" select="'too few units'"/>
  <xsl:param name="t-single-category" select="'one value only'"/>
  <xsl:param name="t-crosstabs" select="'Cross-tabulations'"/>
  <xsl:param name="t-cooccurrence" select="'Co-occurrence of codes'"/>
  <xsl:param name="t-quotes" select="'Representative quotes'"/>
  <xsl:param name="t-submissions" select="'Submissions'"/>
  <xsl:param name="t-totals" select="'Totals'"/>
  <xsl:param name="t-project-submissions" select="'Submissions in the project'"/>
  <xsl:param name="t-selected-submissions" select="'Submissions in this report'"/>
  <xsl:param name="t-coded-submissions" select="'Coded submissions'"/>
  <xsl:param name="t-first-date" select="'First submission'"/>
  <xsl:param name="t-last-date" select="'Last submission'"/>
  <xsl:param name="t-duplicates" select="'Duplicates seen in imports'"/>
  <xsl:param name="t-rejected" select="'Messages that could not be read'"/>
  <xsl:param name="t-by-status" select="'By status'"/>
  <xsl:param name="t-by-group" select="'By respondent group'"/>
  <xsl:param name="t-by-board" select="'By school board'"/>
  <xsl:param name="t-by-language" select="'By language'"/>
  <xsl:param name="t-status" select="'Status'"/>
  <xsl:param name="t-status-new" select="'New'"/>
  <xsl:param name="t-status-in-progress" select="'In progress'"/>
  <xsl:param name="t-status-coded" select="'Coded'"/>
  <xsl:param name="t-status-excluded" select="'Excluded'"/>
  <xsl:param name="t-value" select="'Value'"/>
  <xsl:param name="t-not-recorded" select="'Not recorded'"/>
  <xsl:param name="t-reviewers" select="'Reviewers'"/>
  <xsl:param name="t-reviewer" select="'Reviewer'"/>
  <xsl:param name="t-submissions-coded" select="'Submissions coded'"/>
  <xsl:param name="t-codings" select="'Codings'"/>
  <xsl:param name="t-code" select="'Code'"/>
  <xsl:param name="t-other-code" select="'With code'"/>
  <xsl:param name="t-count-submissions" select="'Submissions'"/>
  <xsl:param name="t-excerpts" select="'Excerpts'"/>
  <xsl:param name="t-share" select="'Share of coded submissions'"/>
  <xsl:param name="t-both" select="'Submissions with both'"/>
  <xsl:param name="t-crosstab-caption" select="'Codes by {attribute}'"/>
  <xsl:param name="t-crosstab-note" select="'Each cell counts the submissions coded with the code among those with the value; the percentage is of the column.'"/>
  <xsl:param name="t-column-total" select="'Submissions with the value'"/>
  <xsl:param name="t-quotable" select="'Quotable'"/>
  <xsl:param name="t-cut" select="'(shortened)'"/>
  <xsl:param name="t-date" select="'Date'"/>
  <xsl:param name="t-subject" select="'Subject'"/>
  <xsl:param name="t-whole" select="'Whole submission'"/>
  <xsl:param name="t-memo" select="'Memo'"/>
  <xsl:param name="t-no-codes" select="'The codebook has no codes.'"/>
  <xsl:param name="t-no-crosstabs" select="'No attribute to cross-tabulate.'"/>
  <xsl:param name="t-no-pairs" select="'No two codes were applied to the same submission.'"/>
  <xsl:param name="t-no-quotes" select="'No excerpt is coded yet.'"/>
  <xsl:param name="t-no-submissions" select="'No submission is in this report.'"/>
  <xsl:param name="t-none" select="'None'"/>

  <xsl:variable name="report" select="/r:report"/>

  <!-- ==== The page ==== -->

  <xsl:template match="/">
    <xsl:apply-templates select="r:report"/>
  </xsl:template>

  <xsl:template match="r:report">
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="@title"/></title>
        <style><xsl:call-template name="css"/></style>
      </head>
      <body>
        <header class="cover">
          <h1 dir="auto"><xsl:value-of select="@title"/></h1>
          <p class="byline">
            <xsl:call-template name="fill">
              <xsl:with-param name="text">
                <xsl:call-template name="fill">
                  <xsl:with-param name="text" select="$t-byline"/>
                  <xsl:with-param name="key" select="'{date}'"/>
                  <xsl:with-param name="value" select="translate(substring(@generated, 1, 16), 'T', ' ')"/>
                </xsl:call-template>
              </xsl:with-param>
              <xsl:with-param name="key" select="'{generator}'"/>
              <xsl:with-param name="value" select="@generator"/>
            </xsl:call-template>
          </p>
          <xsl:choose>
            <xsl:when test="@redacted = 'false'">
              <div class="notice" role="note">
                <p class="notice-title"><strong><xsl:value-of select="$t-not-redacted"/></strong></p>
                <p><xsl:value-of select="$t-not-redacted-detail"/></p>
              </div>
            </xsl:when>
            <xsl:otherwise>
              <p class="redacted"><xsl:value-of select="$t-redacted"/></p>
            </xsl:otherwise>
          </xsl:choose>
          <nav class="contents" aria-labelledby="contents">
            <h2 id="contents"><xsl:value-of select="$t-contents"/></h2>
            <ol>
              <xsl:if test="r:summary"><li><a href="#summary"><xsl:value-of select="$t-summary"/></a></li></xsl:if>
              <xsl:if test="r:codes"><li><a href="#codes"><xsl:value-of select="$t-codes"/></a></li></xsl:if>
              <xsl:if test="r:agreement"><li><a href="#agreement"><xsl:value-of select="$t-agreement"/></a></li></xsl:if>
              <xsl:if test="r:crosstabs">
                <li>
                  <a href="#crosstabs"><xsl:value-of select="$t-crosstabs"/></a>
                  <xsl:if test="r:crosstabs/r:crosstab">
                    <ol>
                      <xsl:for-each select="r:crosstabs/r:crosstab">
                        <li><a href="#crosstab-{position()}" dir="auto"><xsl:call-template name="crosstab-caption"/></a></li>
                      </xsl:for-each>
                    </ol>
                  </xsl:if>
                </li>
              </xsl:if>
              <xsl:if test="r:cooccurrence"><li><a href="#cooccurrence"><xsl:value-of select="$t-cooccurrence"/></a></li></xsl:if>
              <xsl:if test="r:quotes"><li><a href="#quotes"><xsl:value-of select="$t-quotes"/></a></li></xsl:if>
              <xsl:if test="r:submissions"><li><a href="#submissions"><xsl:value-of select="$t-submissions"/></a></li></xsl:if>
            </ol>
          </nav>
        </header>
        <main>
          <xsl:apply-templates select="r:summary | r:codes | r:agreement | r:crosstabs | r:cooccurrence | r:quotes | r:submissions"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ==== Summary ==== -->

  <xsl:template match="r:summary">
    <section id="summary">
      <h2><xsl:value-of select="$t-summary"/></h2>
      <div class="columns">
        <table class="figures">
          <caption><xsl:value-of select="$t-totals"/></caption>
          <tbody>
            <xsl:call-template name="figure-row">
              <xsl:with-param name="label" select="$t-project-submissions"/>
              <xsl:with-param name="value" select="r:totals/@project"/>
            </xsl:call-template>
            <xsl:call-template name="figure-row">
              <xsl:with-param name="label" select="$t-selected-submissions"/>
              <xsl:with-param name="value" select="r:totals/@selected"/>
            </xsl:call-template>
            <xsl:call-template name="figure-row">
              <xsl:with-param name="label" select="$t-coded-submissions"/>
              <xsl:with-param name="value" select="r:totals/@coded"/>
            </xsl:call-template>
            <xsl:call-template name="figure-row">
              <xsl:with-param name="label" select="$t-first-date"/>
              <xsl:with-param name="value" select="r:dates/@first"/>
            </xsl:call-template>
            <xsl:call-template name="figure-row">
              <xsl:with-param name="label" select="$t-last-date"/>
              <xsl:with-param name="value" select="r:dates/@last"/>
            </xsl:call-template>
            <xsl:call-template name="figure-row">
              <xsl:with-param name="label" select="$t-duplicates"/>
              <xsl:with-param name="value" select="r:imports/@duplicates"/>
            </xsl:call-template>
            <xsl:call-template name="figure-row">
              <xsl:with-param name="label" select="$t-rejected"/>
              <xsl:with-param name="value" select="r:imports/@rejected"/>
            </xsl:call-template>
          </tbody>
        </table>

        <table class="figures">
          <caption><xsl:value-of select="$t-by-status"/></caption>
          <thead><tr><th scope="col"><xsl:value-of select="$t-status"/></th><th scope="col" class="n"><xsl:value-of select="$t-count-submissions"/></th></tr></thead>
          <tbody>
            <xsl:for-each select="r:statuses/r:status">
              <tr>
                <th scope="row"><xsl:call-template name="status-label"/></th>
                <td class="n"><xsl:call-template name="count"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>

        <xsl:for-each select="r:breakdown">
          <table class="figures">
            <caption>
              <xsl:choose>
                <xsl:when test="@by = 'group'"><xsl:value-of select="$t-by-group"/></xsl:when>
                <xsl:when test="@by = 'board'"><xsl:value-of select="$t-by-board"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$t-by-language"/></xsl:otherwise>
              </xsl:choose>
            </caption>
            <thead><tr><th scope="col"><xsl:value-of select="$t-value"/></th><th scope="col" class="n"><xsl:value-of select="$t-count-submissions"/></th></tr></thead>
            <tbody>
              <xsl:for-each select="r:count">
                <tr>
                  <th scope="row" dir="auto"><xsl:call-template name="value-label"/></th>
                  <td class="n"><xsl:call-template name="count"/></td>
                </tr>
              </xsl:for-each>
              <xsl:if test="not(r:count)">
                <tr><td colspan="2" class="empty"><xsl:value-of select="$t-none"/></td></tr>
              </xsl:if>
            </tbody>
          </table>
        </xsl:for-each>

        <table class="figures reviewers">
          <caption><xsl:value-of select="$t-reviewers"/></caption>
          <colgroup><col class="c-first"/><col/><col/></colgroup>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="$t-reviewer"/></th>
              <th scope="col" class="n"><xsl:value-of select="$t-submissions-coded"/></th>
              <th scope="col" class="n"><xsl:value-of select="$t-codings"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="r:reviewers/r:reviewer">
              <tr>
                <th scope="row" dir="auto"><xsl:value-of select="@name"/></th>
                <td class="n"><xsl:value-of select="@submissions"/></td>
                <td class="n"><xsl:value-of select="@codings"/></td>
              </tr>
            </xsl:for-each>
            <xsl:if test="not(r:reviewers/r:reviewer)">
              <tr><td colspan="3" class="empty"><xsl:value-of select="$t-none"/></td></tr>
            </xsl:if>
          </tbody>
        </table>
      </div>
      <xsl:call-template name="suppressed-note"/>
    </section>
  </xsl:template>

  <xsl:template name="figure-row">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <tr>
      <th scope="row"><xsl:value-of select="$label"/></th>
      <td class="n">
        <xsl:choose>
          <xsl:when test="string($value) != ''"><xsl:value-of select="$value"/></xsl:when>
          <xsl:otherwise>—</xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <xsl:template name="status-label">
    <xsl:param name="name" select="@name"/>
    <xsl:choose>
      <xsl:when test="$name = 'new'"><xsl:value-of select="$t-status-new"/></xsl:when>
      <xsl:when test="$name = 'in-progress'"><xsl:value-of select="$t-status-in-progress"/></xsl:when>
      <xsl:when test="$name = 'coded'"><xsl:value-of select="$t-status-coded"/></xsl:when>
      <xsl:when test="$name = 'excluded'"><xsl:value-of select="$t-status-excluded"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ==== Codes ==== -->

  <xsl:template match="r:codes">
    <section id="codes">
      <h2><xsl:value-of select="$t-codes"/></h2>
      <xsl:choose>
        <xsl:when test=".//r:code">
          <table class="codes">
            <colgroup>
              <col class="c-name"/><col class="c-n"/><col class="c-n"/><col class="c-share"/>
            </colgroup>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="$t-code"/></th>
                <th scope="col" class="n"><xsl:value-of select="$t-count-submissions"/></th>
                <th scope="col" class="n"><xsl:value-of select="$t-excerpts"/></th>
                <th scope="col"><xsl:value-of select="$t-share"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select=".//r:code">
                <xsl:variable name="depth" select="count(ancestor::r:code)"/>
                <tr class="depth-{$depth}">
                  <th scope="row" dir="auto" style="padding-inline-start: {0.3 + $depth * 1.4}em">
                    <xsl:call-template name="swatch"/>
                    <xsl:value-of select="@name"/>
                  </th>
                  <td class="n">
                    <xsl:choose>
                      <xsl:when test="@submissions"><xsl:value-of select="@submissions"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="$suppressed"/><sup class="mark">*</sup></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="n">
                    <xsl:choose>
                      <xsl:when test="@excerpts"><xsl:value-of select="@excerpts"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="$suppressed"/><sup class="mark">*</sup></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="share">
                    <xsl:variable name="percent" select="round(@share * 1000) div 10"/>
                    <span class="bar" aria-hidden="true">
                      <span class="fill">
                        <xsl:attribute name="style">
                          <xsl:value-of select="concat('width: ', $percent, '%')"/>
                          <xsl:if test="$depth &gt; 0">; opacity: 0.7</xsl:if>
                        </xsl:attribute>
                      </span>
                    </span>
                    <span class="pct"><xsl:call-template name="percent"><xsl:with-param name="value" select="format-number($percent, '0.0')"/></xsl:call-template></span>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="$t-no-codes"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="suppressed-note"/>
    </section>
  </xsl:template>

  <!-- A code's colour, when it is one: nothing else reaches the style. -->
  <xsl:template name="swatch">
    <xsl:if test="string-length(@color) = 7 and starts-with(@color, '#')
                  and translate(substring(@color, 2), '0123456789abcdefABCDEF', '') = ''">
      <span class="swatch" style="background-color: {@color}" aria-hidden="true"/>
    </xsl:if>
  </xsl:template>

  <!-- ==== Cross-tabulations ==== -->

  <xsl:template match="r:crosstabs">
    <section id="crosstabs">
      <h2><xsl:value-of select="$t-crosstabs"/></h2>
      <p class="note"><xsl:value-of select="$t-crosstab-note"/></p>
      <xsl:for-each select="r:crosstab">
        <xsl:variable name="columns" select="count(r:columns/r:column)"/>
        <div class="crosstab" id="crosstab-{position()}">
          <h3 dir="auto"><xsl:call-template name="crosstab-caption"/></h3>
          <table class="crosstab">
            <xsl:if test="$columns &gt; 6"><xsl:attribute name="class">crosstab wide</xsl:attribute></xsl:if>
            <colgroup>
              <col class="c-name"/>
              <xsl:for-each select="r:columns/r:column"><col/></xsl:for-each>
            </colgroup>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="$t-code"/></th>
                <xsl:for-each select="r:columns/r:column">
                  <th scope="col" class="n" dir="auto"><xsl:call-template name="value-label"/></th>
                </xsl:for-each>
              </tr>
              <tr class="totals">
                <th scope="row"><xsl:value-of select="$t-column-total"/></th>
                <xsl:for-each select="r:columns/r:column">
                  <td class="n"><xsl:call-template name="count"/></td>
                </xsl:for-each>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="r:row">
                <tr>
                  <th scope="row" dir="auto" style="padding-inline-start: {0.3 + @depth * 1.2}em"><xsl:value-of select="@name"/></th>
                  <xsl:for-each select="r:cell">
                    <td class="n">
                      <xsl:call-template name="count"/>
                      <xsl:if test="@percent">
                        <span class="cell-pct">
                          <xsl:call-template name="percent"><xsl:with-param name="value" select="@percent"/></xsl:call-template>
                        </span>
                      </xsl:if>
                    </td>
                  </xsl:for-each>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:for-each>
      <xsl:if test="not(r:crosstab)"><p class="empty"><xsl:value-of select="$t-no-crosstabs"/></p></xsl:if>
      <xsl:call-template name="suppressed-note"/>
    </section>
  </xsl:template>

  <xsl:template name="crosstab-caption">
    <xsl:call-template name="fill">
      <xsl:with-param name="text" select="$t-crosstab-caption"/>
      <xsl:with-param name="key" select="'{attribute}'"/>
      <xsl:with-param name="value" select="@attribute"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ==== Agreement between reviewers ==== -->

  <xsl:template match="r:agreement">
    <section id="agreement">
      <h2><xsl:value-of select="$t-agreement"/></h2>
      <xsl:variable name="names">
        <xsl:for-each select="r:reviewer">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="@name"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="note">
        <xsl:call-template name="fill">
          <xsl:with-param name="text" select="$t-agreement-note"/>
          <xsl:with-param name="key" select="'{reviewers}'"/>
          <xsl:with-param name="value" select="$names"/>
        </xsl:call-template>
      </xsl:variable>
      <p>
        <xsl:call-template name="fill">
          <xsl:with-param name="text" select="$note"/>
          <xsl:with-param name="key" select="'{submissions}'"/>
          <xsl:with-param name="value" select="@submissions"/>
        </xsl:call-template>
      </p>
      <table class="agreement">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="$t-code"/></th>
            <th scope="col"><xsl:value-of select="$t-level"/></th>
            <th scope="col" class="n"><xsl:value-of select="$t-percent-agreement"/></th>
            <th scope="col" class="n"><xsl:value-of select="$t-kappa"/></th>
            <th scope="col" class="n"><xsl:value-of select="$t-alpha"/></th>
            <th scope="col" class="n"><xsl:value-of select="$t-units"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="r:overall/r:figures | r:code/r:figures">
            <tr>
              <xsl:if test="parent::r:overall"><xsl:attribute name="class">overall</xsl:attribute></xsl:if>
              <th scope="row" dir="auto">
                <xsl:choose>
                  <xsl:when test="parent::r:overall"><xsl:value-of select="$t-all-codes"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="../@path"/></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="(@alpha and @alpha &lt; 0.667) or (@kappa and @kappa &lt; 0.667)">
                  <sup class="mark">†</sup>
                </xsl:if>
              </th>
              <td>
                <xsl:choose>
                  <xsl:when test="@level = 'character'"><xsl:value-of select="$t-level-character"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="$t-level-submission"/></xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="n">
                <xsl:choose>
                  <xsl:when test="@reason = 'too-few-units'"><xsl:value-of select="$t-too-few-units"/></xsl:when>
                  <xsl:when test="@reason = 'single-category'"><xsl:value-of select="$t-single-category"/></xsl:when>
                  <xsl:otherwise>
                    <xsl:call-template name="percent"><xsl:with-param name="value" select="@percent"/></xsl:call-template>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="n"><xsl:call-template name="coefficient"><xsl:with-param name="value" select="@kappa"/></xsl:call-template></td>
              <td class="n"><xsl:call-template name="coefficient"><xsl:with-param name="value" select="@alpha"/></xsl:call-template></td>
              <td class="n"><xsl:value-of select="@units"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <xsl:if test=".//r:figures[(@alpha and @alpha &lt; 0.667) or (@kappa and @kappa &lt; 0.667)]">
        <p class="footnote"><sup class="mark">†</sup> <xsl:value-of select="$t-agreement-low"/></p>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="coefficient">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="string($value) != ''"><xsl:value-of select="translate($value, '.', $decimal-point)"/></xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== Co-occurrence ==== -->

  <xsl:template match="r:cooccurrence">
    <section id="cooccurrence">
      <h2><xsl:value-of select="$t-cooccurrence"/></h2>
      <xsl:choose>
        <xsl:when test="r:pair">
          <table class="pairs">
            <colgroup><col class="c-pair"/><col class="c-pair"/><col class="c-n"/></colgroup>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="$t-code"/></th>
                <th scope="col"><xsl:value-of select="$t-other-code"/></th>
                <th scope="col" class="n"><xsl:value-of select="$t-both"/></th>
              </tr>
            </thead>
            <tbody>
              <!-- The most frequent first; suppressed pairs, fewest, last. -->
              <xsl:for-each select="r:pair">
                <xsl:sort select="number(@submissions)" data-type="number" order="descending"/>
                <tr>
                  <td dir="auto"><xsl:value-of select="@a-path"/></td>
                  <td dir="auto"><xsl:value-of select="@b-path"/></td>
                  <td class="n"><xsl:call-template name="count"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="$t-no-pairs"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="suppressed-note"/>
    </section>
  </xsl:template>

  <!-- ==== Quotes ==== -->

  <xsl:template match="r:quotes">
    <section id="quotes">
      <h2><xsl:value-of select="$t-quotes"/></h2>
      <xsl:for-each select="r:code-quotes">
        <div class="code-quotes">
          <h3 dir="auto"><xsl:value-of select="@path"/></h3>
          <xsl:for-each select="r:quote">
            <figure class="quote">
              <blockquote dir="auto">
                <span dir="auto"><xsl:value-of select="r:text"/></span>
                <xsl:if test="@cut = 'true'">…</xsl:if>
              </blockquote>
              <figcaption>
                <span class="pseudonym" dir="auto"><xsl:value-of select="@submission"/></span>
                <xsl:for-each select="r:attribute">
                  <xsl:text> · </xsl:text>
                  <span dir="auto"><xsl:value-of select="@name"/></span>
                  <xsl:text>: </xsl:text>
                  <span dir="auto"><xsl:call-template name="attribute-value"/></span>
                </xsl:for-each>
                <xsl:if test="@quotable = 'true'"><xsl:text> </xsl:text><span class="badge"><xsl:value-of select="$t-quotable"/></span></xsl:if>
                <xsl:if test="@cut = 'true'"><xsl:text> </xsl:text><span class="cut"><xsl:value-of select="$t-cut"/></span></xsl:if>
              </figcaption>
            </figure>
          </xsl:for-each>
        </div>
      </xsl:for-each>
      <xsl:if test="not(r:code-quotes)"><p class="empty"><xsl:value-of select="$t-no-quotes"/></p></xsl:if>
    </section>
  </xsl:template>

  <!-- ==== Submissions ==== -->

  <xsl:template match="r:submissions">
    <section id="submissions">
      <h2><xsl:value-of select="$t-submissions"/></h2>
      <xsl:for-each select="r:submission">
        <article class="submission">
          <h3>
            <span dir="auto"><xsl:value-of select="@id"/></span>
            <xsl:if test="@date"><span class="meta"><xsl:value-of select="@date"/></span></xsl:if>
            <xsl:if test="@status">
              <span class="meta"><xsl:call-template name="status-label"><xsl:with-param name="name" select="@status"/></xsl:call-template></span>
            </xsl:if>
          </h3>
          <p class="subject" dir="auto"><xsl:value-of select="r:subject"/></p>
          <xsl:if test="r:attribute">
            <dl class="attributes">
              <xsl:for-each select="r:attribute">
                <div>
                  <dt dir="auto"><xsl:value-of select="@name"/></dt>
                  <dd dir="auto"><xsl:call-template name="attribute-value"/></dd>
                </div>
              </xsl:for-each>
            </dl>
          </xsl:if>
          <xsl:if test="r:coding">
            <ul class="codings">
              <xsl:for-each select="r:coding">
                <li>
                  <span class="code-path" dir="auto"><xsl:value-of select="@path"/></span>
                  <xsl:if test="@reviewer"><span class="meta" dir="auto"><xsl:value-of select="@reviewer"/></span></xsl:if>
                  <xsl:choose>
                    <!-- The text in its own isolate, so that an override in it
                         cannot carry the closing quotation mark along. -->
                    <xsl:when test="r:excerpt"><q class="excerpt"><span dir="auto"><xsl:value-of select="r:excerpt"/></span></q></xsl:when>
                    <xsl:otherwise><span class="meta"><xsl:value-of select="$t-whole"/></span></xsl:otherwise>
                  </xsl:choose>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="r:memo">
            <div class="memo">
              <p class="memo-label"><xsl:value-of select="$t-memo"/></p>
              <p dir="auto"><xsl:value-of select="r:memo"/></p>
            </div>
          </xsl:if>
        </article>
      </xsl:for-each>
      <xsl:if test="not(r:submission)"><p class="empty"><xsl:value-of select="$t-no-submissions"/></p></xsl:if>
    </section>
  </xsl:template>

  <!-- ==== Small pieces ==== -->

  <!-- A count, or the suppressed mark without any number. -->
  <xsl:template name="count">
    <xsl:choose>
      <xsl:when test="@suppressed = 'true'">
        <span class="suppressed"><xsl:value-of select="$suppressed"/><sup class="mark">*</sup></span>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="@submissions"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="value-label">
    <xsl:choose>
      <xsl:when test="@recorded = 'false'"><em class="not-recorded"><xsl:value-of select="$t-not-recorded"/></em></xsl:when>
      <xsl:otherwise><xsl:value-of select="@value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="attribute-value">
    <xsl:choose>
      <xsl:when test="@recorded = 'false'"><em class="not-recorded"><xsl:value-of select="$t-not-recorded"/></em></xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="percent">
    <xsl:param name="value"/>
    <xsl:value-of select="concat(translate($value, '.', $decimal-point), $percent-sign)"/>
  </xsl:template>

  <xsl:template name="suppressed-note">
    <xsl:if test=".//*[@suppressed = 'true']">
      <p class="footnote"><sup class="mark">*</sup> <xsl:value-of select="$t-suppressed-note"/></p>
    </xsl:if>
  </xsl:template>

  <!-- $text with its first $key replaced by $value. -->
  <xsl:template name="fill">
    <xsl:param name="text"/>
    <xsl:param name="key"/>
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="contains($text, $key)">
        <xsl:value-of select="concat(substring-before($text, $key), $value, substring-after($text, $key))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="css">
@page { size: auto; margin: 18mm 16mm 20mm; }
:root { color-scheme: light; --ink: #1f2328; --muted: #5c6370; --rule: #d0d4da; --band: #f4f5f7; --accent: #2a6fb0; }
* { box-sizing: border-box; }
html { font: 11pt/1.45 "Cantarell", "Noto Sans", "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: #fff; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2em; line-height: 1.2; margin: 0 0 0.3em; overflow-wrap: anywhere; }
h2 { font-size: 1.45em; margin: 0 0 0.8em; padding-bottom: 0.25em; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.1em; margin: 1.4em 0 0.5em; overflow-wrap: anywhere; break-after: avoid; }
section { break-before: page; padding-top: 2.5rem; }
.byline, .redacted, .note, .meta, figcaption, .footnote { color: var(--muted); }
.notice { margin: 1.2em 0; padding: 0.8em 1.1em; border: 3px solid #b3261e; border-radius: 6px; background: #fdecea; color: #5f1410; break-inside: avoid; }
.notice p { margin: 0.2em 0; }
.notice-title { font-size: 1.2em; }
.contents ol { padding-inline-start: 1.5em; line-height: 1.8; }
.contents ol ol { line-height: 1.5; }
.contents a { color: var(--accent); text-decoration: none; }
.contents h2 { border: 0; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 1.2em; font-variant-numeric: tabular-nums; }
caption { text-align: start; font-weight: bold; padding: 0 0 0.3em; }
th, td { padding: 0.3em 0.45em; border-bottom: 1px solid var(--rule); text-align: start; vertical-align: top; overflow-wrap: anywhere; word-break: normal; hyphens: auto; }
thead { display: table-header-group; }
thead th { font-size: 0.85em; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--rule); vertical-align: bottom; overflow-wrap: break-word; hyphens: manual; }
tbody th { font-weight: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
.n { text-align: end; white-space: nowrap; }
thead th.n { white-space: normal; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); column-gap: 2rem; align-items: start; }
.columns table { break-inside: avoid; }
table.figures tbody th { width: 60%; }
/* Three columns with long headings: the whole row, so no word is cut. */
.columns table.reviewers { grid-column: 1 / -1; }
table.reviewers col.c-first { width: 50%; }
col.c-name { width: 40%; }
col.c-n { width: 7.5em; }
col.c-share { width: 30%; }
col.c-pair { width: 40%; }
table.codes tr.depth-0 th { font-weight: 600; }
table.agreement tr.overall th, table.agreement tr.overall td { font-weight: 600; }
table.codes tr.depth-0 td, table.codes tr.depth-0 th { border-top: 1px solid var(--rule); }
.swatch { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 2px; margin-inline-end: 0.4em; vertical-align: baseline; border: 1px solid rgba(0, 0, 0, 0.2); }
.share { white-space: nowrap; }
.bar { display: inline-block; width: calc(100% - 4.5em); height: 0.8em; background: var(--band); border-radius: 2px; vertical-align: middle; overflow: hidden; }
.fill { display: block; height: 100%; background: var(--accent); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.pct { display: inline-block; width: 4.2em; text-align: end; }
table.crosstab { font-size: 0.9em; }
table.crosstab.wide { font-size: 0.74em; }
table.crosstab.wide col.c-name { width: 22%; }
table.crosstab.wide th, table.crosstab.wide td { padding: 0.3em 0.25em; }
table.crosstab thead th { hyphens: auto; overflow-wrap: break-word; }
table.crosstab td.n { white-space: normal; }
tr.totals th, tr.totals td { font-size: 1em; color: var(--ink); background: var(--band); font-weight: normal; border-bottom: 2px solid var(--rule); }
.cell-pct { display: block; font-size: 0.8em; color: var(--muted); white-space: nowrap; }
.suppressed { color: var(--muted); font-style: italic; }
.mark { font-size: 0.7em; margin-inline-start: 0.1em; }
.not-recorded { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.footnote { font-size: 0.85em; border-top: 1px solid var(--rule); padding-top: 0.4em; }
.crosstab { break-inside: auto; }
.code-quotes h3 { border-inline-start: 4px solid var(--accent); padding-inline-start: 0.5em; }
figure.quote { margin: 0 0 1em; padding: 0.6em 0.9em; background: var(--band); border-radius: 4px; break-inside: avoid; }
blockquote { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
figcaption { font-size: 0.85em; margin-top: 0.35em; }
.badge { display: inline-block; padding: 0 0.45em; border-radius: 0.7em; background: #e3effa; color: #174a7c; font-size: 0.9em; }
article.submission { border-top: 1px solid var(--rule); padding: 0.5em 0 0.8em; break-inside: avoid; }
article.submission h3 { margin: 0.3em 0; }
article.submission h3 .meta { font-weight: normal; font-size: 0.85em; margin-inline-start: 0.9em; }
.subject { margin: 0.2em 0; font-weight: 600; overflow-wrap: anywhere; }
dl.attributes { display: flex; flex-wrap: wrap; gap: 0.2em 1.2em; margin: 0.3em 0; font-size: 0.9em; }
dl.attributes div { display: flex; gap: 0.4em; }
dl.attributes dt { color: var(--muted); }
dl.attributes dt::after { content: ":"; }
dl.attributes dd { margin: 0; }
ul.codings { margin: 0.3em 0; padding-inline-start: 1.2em; }
ul.codings li { margin: 0.2em 0; overflow-wrap: anywhere; }
.code-path { font-weight: 600; }
ul.codings .meta { margin-inline-start: 0.6em; font-size: 0.9em; }
q.excerpt { display: block; white-space: pre-wrap; margin: 0.15em 0 0.2em; overflow-wrap: anywhere; }
[dir="auto"] { unicode-bidi: isolate; }
.memo { margin-top: 0.4em; padding: 0.4em 0.7em; border-inline-start: 3px solid var(--rule); }
.memo p { margin: 0.1em 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.memo-label { font-size: 0.85em; color: var(--muted); }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  section { padding-top: 0; }
  .contents a { color: inherit; }
  .notice { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
  </xsl:template>
</xsl:stylesheet>
