//! Rules of the cockpit (一张图, issue 16): district and town dashboards with charts, data tables and
//! drill-down, read from the metrics catalogue.
