// The repository's flat config plus the React hooks rules, so `npm run lint` here and `eslint grafana-plugin`
// at the root judge the same code the same way (the scaffold's @grafana/eslint-config would clash with the root).
import reactHooks from 'eslint-plugin-react-hooks';
import root from '../eslint.config.mjs';

export default [
  ...root,
  { ignores: ['.config/**', 'dist/**', 'artifacts/**'] },
  {
    files: ['**/*.tsx', '**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
];
