// html-validate configuration for the pages waymark generates, used by
// .ci/check-pages.sh (passed with --config, because the pages are built into a
// temporary folder outside the repository).
//
// Every rule of the recommended and a11y presets is on. A rule is switched off
// only when it is about how hand-written HTML source is formatted rather than
// about the page a reader gets, with the reason next to it.
export default {
  root: true,
  extends: ["html-validate:recommended", "html-validate:a11y"],
  rules: {
    // Trailing spaces are a source-file hygiene rule (noisy diffs of hand-edited
    // files). Generated pages are never edited or diffed by hand, and the spaces
    // left by template indentation change neither the DOM nor what is shown.
    "no-trailing-whitespace": "off",

    // `disabled=""` and `disabled` are the same attribute in the same DOM; the
    // rule only asks hand-written source to spell them one way. The `=""` form
    // is what the HTML serializer behind waymark's Markdown sanitizer (ammonia /
    // html5ever) writes for task-list checkboxes, so page authors cannot choose
    // it. Whether such inputs are labelled is still checked, by axe-core's
    // `label` rule.
    "attribute-boolean-style": "off",
  },
};
