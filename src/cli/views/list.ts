import type { OutputFormat } from '../flags.js';
import { renderList, type DeploymentList } from '../render/list.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

export interface ListView extends FailureView {
  list(l: DeploymentList): void;
}

export function listView(format: OutputFormat, v: ViewBase): ListView {
  return chooseView(format, v, {
    json: {
      list: ({ backend, deployments, skipped }) =>
        v.output.out(
          JSON.stringify(
            {
              command: v.command,
              // As every command's document: the listing itself worked (each deployment has its own status).
              status: 'done',
              backend,
              deployments: deployments.map((d) => ({
                state: d.state,
                name: d.name,
                resourceGroup: d.resourceGroup,
                region: d.region,
                deploymentId: d.deploymentId,
                status: d.status,
                lastRun: d.lastRun,
                ...(d.holder ? { holder: d.holder } : {}),
                drift: d.drift,
              })),
              skipped,
            },
            null,
            2,
          ),
        ),
    },
    human: {
      list: (l) => renderList(v.output, v.colors().chalk, l),
    },
  });
}
