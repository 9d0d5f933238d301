/**
 * Reports as a library: the report model and templates, the PDF/A rendering, signatures and
 * timestamps, verification and delivery back to the facility. Controllers live in
 * reading-workstation-api; this module has none.
 */
package org.rdc.reports;
