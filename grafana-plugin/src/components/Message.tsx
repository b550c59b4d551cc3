import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

interface Props {
  testId: string;
  title: string;
  children?: React.ReactNode;
  severity?: 'info' | 'error';
}

/** A full-panel message: the panel never goes blank, and every state can be asserted by its test id. */
export function Message({ testId, title, children, severity = 'info' }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.root} data-testid={testId} role={severity === 'error' ? 'alert' : 'status'}>
      <div className={severity === 'error' ? styles.errorTitle : styles.title}>{title}</div>
      {children && <div className={styles.body}>{children}</div>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    gap: theme.spacing(1),
    textAlign: 'center',
    padding: theme.spacing(2),
  }),
  title: css({ fontSize: theme.typography.h5.fontSize }),
  errorTitle: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.error.text }),
  body: css({ color: theme.colors.text.secondary, maxWidth: 640 }),
});
